package org.replication.v3.replication.operation;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.replication.v3.common.failover.FailoverAction;
import org.replication.v3.common.failover.FailoverRequested;
import org.replication.v3.common.outbox.OutboxRelay;
import org.replication.v3.common.replication.ReplicationScope;

/**
 * Fails over, by itself, a mediated sync volume whose primary the mediator has reported lost for longer than the
 * grace period (a primary that comes back within it is left alone). The operation shows in the list as automatic,
 * with the mediator's reason.
 */
@ApplicationScoped
public class AutomaticFailover {

    private static final Logger LOG = Logger.getLogger(AutomaticFailover.class);
    static final String REQUESTER = "replication-service";

    private final Operations operations;
    private final OutboxRelay relay;
    private final Duration grace;

    public AutomaticFailover(Operations operations, OutboxRelay relay,
            @ConfigProperty(name = "replication.automatic-failover.grace") Duration grace) {
        this.operations = operations;
        this.relay = relay;
        this.grace = grace;
    }

    @Scheduled(every = "${replication.automatic-failover.check-every}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> check() {
        return Panache.withTransaction(() -> Panache.getSession().flatMap(session -> session.createNativeQuery(
                                "delete from primary_lost where lost_since < now() - make_interval(secs => ?1)"
                                        + " returning volume_id, reason", Object[].class)
                        .setParameter(1, (double) grace.toMillis() / 1000)
                        .getResultList())
                .flatMap(this::failOver))
                .invoke(relay::wake)
                .onFailure().invoke(e -> LOG.warnf(e, "automatic failover check failed: %s", e.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    private Uni<Void> failOver(List<Object[]> lost) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Object[] row : lost) {
            String volumeId = (String) row[0];
            String reason = "mediator: " + row[1] + " for more than " + grace.toSeconds() + " s";
            LOG.warnf("volume %s: automatic failover (%s)", volumeId, reason);
            FailoverRequested request = new FailoverRequested(UUID.randomUUID().toString(), FailoverAction.FAILOVER,
                    ReplicationScope.VOLUME, List.of(volumeId), null, false, reason, false, REQUESTER, true);
            chain = chain.chain(() -> operations.start(request));
        }
        return chain;
    }
}
