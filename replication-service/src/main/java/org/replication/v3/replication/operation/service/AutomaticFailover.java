package org.replication.v3.replication.operation.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.replication.v3.common.failover.FailoverAction;
import org.replication.v3.common.failover.FailoverRequested;
import org.replication.v3.common.outbox.OutboxRelay;
import org.replication.v3.common.replication.MediatorDecided;
import org.replication.v3.common.replication.MediatorDecidedV2;
import org.replication.v3.common.replication.ReplicationScope;
import org.replication.v3.replication.config.ReplicationConfig;
import org.replication.v3.replication.operation.repository.LostPrimaries;

/**
 * Fails over, by itself, a mediated sync volume whose primary the mediator has reported lost for longer than the
 * grace period (a primary that comes back within it is left alone), or at once when the mediator reports that it
 * has promoted the target already (active/active, whose survivor serves with no pause; active/passive at the end
 * of the mediator's own grace). The operation shows in the list as automatic, with the mediator's reason; for a
 * promoted target it finds the arrays switched and only records it.
 */
@ApplicationScoped
public class AutomaticFailover {

    private static final Logger LOG = Logger.getLogger(AutomaticFailover.class);
    static final String REQUESTER = "replication-service";

    @Inject
    FailoverOperations operations;
    @Inject
    LostPrimaries lost;
    @Inject
    OutboxRelay relay;
    @Inject
    ReplicationConfig config;

    /** v1, one volume a record, from volume-services before v2: notes a lost primary, or forgets it when back. */
    public Uni<Void> decided(MediatorDecided decided) {
        return switch (decided.kind()) {
            case PRIMARY_LOST -> lost.noteLost(List.of(decided.volumeId()), decided.reason());
            case PRIMARY_RECOVERED -> lost.forget(List.of(decided.volumeId()));
            default -> Uni.createFrom().voidItem();
        };
    }

    /**
     * A mediator decision for up to a thousand volumes of a backend: losses inside the mediator's grace are noted
     * (failed over once they outlast this service's grace), targets the mediator promoted are failed over at once,
     * in one operation for the record, and recovered primaries are forgotten.
     */
    public Uni<Void> decided(MediatorDecidedV2 decided) {
        Map<String, List<String>> byWhat = new HashMap<>();
        for (MediatorDecidedV2.Entry entry : decided.volumes()) {
            String what = entry.kind() == MediatorDecided.Kind.PRIMARY_LOST
                    ? entry.targetPromoted() ? "promoted" : "lost"
                    : entry.kind().value();
            byWhat.computeIfAbsent(what, k -> new ArrayList<>()).add(entry.volumeId());
        }
        Uni<Void> chain = Uni.createFrom().voidItem();
        List<String> lostIds = byWhat.get("lost");
        if (lostIds != null) {
            chain = chain.chain(() -> lost.noteLost(lostIds, decided.reason()));
        }
        List<String> recovered = byWhat.get(MediatorDecided.Kind.PRIMARY_RECOVERED.value());
        if (recovered != null) {
            chain = chain.chain(() -> lost.forget(recovered));
        }
        List<String> promoted = byWhat.get("promoted");
        if (promoted != null) {
            chain = chain.chain(() -> lost.takePromoted(promoted, decided.reason()))
                    .chain(taken -> taken.isEmpty() ? Uni.createFrom().voidItem()
                            : failOver(taken, decided.reason() + " on " + decided.host() + ", target promoted by"
                                    + " the mediator"));
        }
        return chain;
    }

    @Scheduled(every = "${replication.automatic-failover.check-every}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> check() {
        Duration grace = config.automaticFailover().grace();
        return Panache.withTransaction(() -> lost.takeLostLongerThan(grace).flatMap(primaries -> {
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (LostPrimaries.LostPrimary primary : primaries) {
                        chain = chain.chain(() -> failOver(List.of(primary.volumeId()), primary.reason()
                                + " for more than " + grace.toSeconds() + " s"));
                    }
                    return chain;
                }))
                .invoke(relay::wake)
                .onFailure().invoke(e -> LOG.warnf(e, "automatic failover check failed: %s", e.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    private Uni<Void> failOver(List<String> volumeIds, String why) {
        String reason = "mediator: " + why;
        LOG.warnf("automatic failover of %d volumes (%s): %s", volumeIds.size(), reason,
                volumeIds.size() <= 5 ? volumeIds : volumeIds.subList(0, 5) + "...");
        return operations.start(new FailoverRequested(UUID.randomUUID().toString(), FailoverAction.FAILOVER,
                ReplicationScope.VOLUME, volumeIds, null, false, reason, false, REQUESTER, true));
    }
}
