package org.replication.v3.replication.operation.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.replication.v3.common.failover.FailoverAction;
import org.replication.v3.common.failover.FailoverRequested;
import org.replication.v3.common.outbox.OutboxRelay;
import org.replication.v3.common.replication.MediatorDecided;
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

    /** Notes a lost primary (failing it over at once if its target was promoted), or forgets it when it is back. */
    public Uni<Void> decided(MediatorDecided decided) {
        return switch (decided.kind()) {
            case PRIMARY_LOST -> decided.targetPromoted()
                    ? lost.takePromoted(decided.volumeId(), decided.reason()).chain(taken -> taken
                            ? failOver(new LostPrimaries.LostPrimary(decided.volumeId(), decided.reason()), null)
                            : Uni.createFrom().voidItem())
                    : lost.noteLost(decided.volumeId(), decided.reason());
            case PRIMARY_RECOVERED -> lost.forget(decided.volumeId());
            default -> Uni.createFrom().voidItem();
        };
    }

    @Scheduled(every = "${replication.automatic-failover.check-every}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> check() {
        Duration grace = config.automaticFailover().grace();
        return Panache.withTransaction(() -> lost.takeLostLongerThan(grace).flatMap(primaries -> {
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (LostPrimaries.LostPrimary primary : primaries) {
                        chain = chain.chain(() -> failOver(primary, grace));
                    }
                    return chain;
                }))
                .invoke(relay::wake)
                .onFailure().invoke(e -> LOG.warnf(e, "automatic failover check failed: %s", e.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Starts the automatic operation; {@code grace} null: the mediator promoted the target, nothing was waited. */
    private Uni<Void> failOver(LostPrimaries.LostPrimary primary, Duration grace) {
        String reason = "mediator: " + primary.reason()
                + (grace == null ? "" : " for more than " + grace.toSeconds() + " s");
        LOG.warnf("volume %s: automatic failover (%s)", primary.volumeId(), reason);
        return operations.start(new FailoverRequested(UUID.randomUUID().toString(), FailoverAction.FAILOVER,
                ReplicationScope.VOLUME, List.of(primary.volumeId()), null, false, reason, false, REQUESTER, true));
    }
}
