package org.replication.v3.common.inbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Forgets the inbox's record of messages applied longer ago than the retention, which must outlast the topics'
 * own retention: a message Kafka no longer holds cannot be delivered again, so its id guards nothing, and without
 * this the inbox grows by one row per message for ever. Deleted in batches, each its own short transaction.
 */
@ApplicationScoped
public class InboxRetention {

    private static final Logger LOG = Logger.getLogger(InboxRetention.class);
    private static final String PRUNE = "delete from processed_message where ctid in (select ctid"
            + " from processed_message where processed_at < now() - make_interval(secs => ?1) limit ?2)";

    private final Duration retention;
    private final int batchSize;
    private final Counter pruned;

    public InboxRetention(@ConfigProperty(name = "inbox.retention") Duration retention,
            @ConfigProperty(name = "inbox.prune-batch-size") int batchSize,
            MeterRegistry registry) {
        this.retention = retention;
        this.batchSize = batchSize;
        this.pruned = registry.counter("inbox.pruned");
    }

    // Delayed so the first sweep does not compete with a starting service.
    @Scheduled(every = "${inbox.prune-interval}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> sweep() {
        return prune().onFailure().invoke(e -> LOG.warnf("inbox pruning failed, next sweep retries: %s",
                e.getMessage())).onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Deletes every record older than the retention; the number deleted. */
    public Uni<Long> prune() {
        return pruneFrom(0L).invoke(total -> {
            if (total > 0) {
                LOG.infof("inbox: forgot %d messages applied more than %s ago", total, retention);
            }
        });
    }

    private Uni<Long> pruneFrom(long sofar) {
        return Panache.withTransaction(() -> Panache.getSession().flatMap(session -> session.createNativeQuery(PRUNE)
                        .setParameter(1, (double) retention.toSeconds())
                        .setParameter(2, batchSize)
                        .executeUpdate()))
                .invoke(deleted -> pruned.increment(deleted))
                .flatMap(deleted -> deleted < batchSize ? Uni.createFrom().item(sofar + deleted)
                        : pruneFrom(sofar + deleted));
    }
}
