package org.replication.v3.common.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Context;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;
import org.replication.v3.common.messaging.Channels;
import org.replication.v3.common.messaging.EventEnvelope;

/**
 * Sends committed outbox rows to Kafka and deletes them once the broker has acknowledged them.
 *
 * <p>Woken right after each transaction that wrote to the outbox, so an event leaves within milliseconds;
 * a periodic sweep picks up what a crash left behind. Rows are claimed with {@code FOR UPDATE SKIP LOCKED}
 * so that two replicas never send the same row twice at the same time; a crash after the send and before the
 * delete sends a row again, which consumers absorb through their inbox (at-least-once, applied once).
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final String CLAIM = "select * from outbox_message order by seq limit ?1 for update skip locked";
    /*
     * The relay's only write is the delete of rows Kafka already holds. Should the server lose that commit in a
     * crash, the rows are sent again and consumers' inboxes absorb them; so the commit need not wait for the disk,
     * which takes one fsync off every hop an event makes between services.
     */
    private static final String NO_COMMIT_WAIT = "set local synchronous_commit = off";

    private final MutinyEmitter<String> emitter;
    private final int batchSize;
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean wokenWhileDraining = new AtomicBoolean();
    private final Counter relayed;
    private final Counter failures;

    public OutboxRelay(@Channel(Channels.OUTBOX) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
            MutinyEmitter<String> emitter,
            @ConfigProperty(name = "outbox.batch-size", defaultValue = "500") int batchSize,
            MeterRegistry registry) {
        this.emitter = emitter;
        this.batchSize = batchSize;
        this.relayed = registry.counter("outbox.relayed");
        this.failures = registry.counter("outbox.relay.failures");
    }

    /** Asks for a drain soon; cheap, and safe to call from any thread after a commit. */
    public void wake() {
        wokenWhileDraining.set(true);
        if (draining.compareAndSet(false, true)) {
            // A fresh duplicated context, so the relay's session never mixes with the caller's; Hibernate Reactive
            // only runs on one that is flagged safe.
            Context context = VertxContext.createNewDuplicatedContext();
            VertxContextSafetyToggle.setContextSafe(context, true);
            context.runOnContext(ignored -> drainLoop());
        }
    }

    // Delayed so the first sweep does not race the connection of the outgoing channel at start.
    @Scheduled(every = "${outbox.sweep-interval:2s}", delayed = "${outbox.sweep-delay:2s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void sweep() {
        wake();
    }

    private void drainLoop() {
        wokenWhileDraining.set(false);
        Cancellable ignored = Uni.createFrom().deferred(this::drainUntilEmpty).subscribe().with(
                sent -> finishDrain(),
                failure -> {
                    failures.increment();
                    LOG.warnf("outbox relay failed, rows stay for the next sweep: %s", failure.getMessage());
                    draining.set(false);
                });
    }

    private void finishDrain() {
        draining.set(false);
        if (wokenWhileDraining.get()) {
            wake();
        }
    }

    private Uni<Integer> drainUntilEmpty() {
        return relayBatch().flatMap(sent -> sent < batchSize ? Uni.createFrom().item(sent) : drainUntilEmpty());
    }

    /** One transaction: claim a batch, send it, wait for every acknowledgement, delete it. */
    Uni<Integer> relayBatch() {
        return Panache.withTransaction(() -> Panache.getSession()
                .flatMap(session -> session.createNativeQuery(NO_COMMIT_WAIT).executeUpdate()
                        .replaceWith(session))
                .flatMap(session -> session.createNativeQuery(CLAIM, OutboxMessage.class)
                        .setParameter(1, batchSize)
                        .getResultList())
                .flatMap(rows -> rows.isEmpty()
                        ? Uni.createFrom().item(0)
                        : sendAll(rows).flatMap(v -> OutboxMessage.delete("id in ?1", ids(rows)))
                                .invoke(() -> relayed.increment(rows.size()))
                                .replaceWith(rows.size())));
    }

    private Uni<Void> sendAll(List<OutboxMessage> rows) {
        List<Uni<Void>> sends = rows.stream().map(this::send).toList();
        return Uni.join().all(sends).andFailFast().replaceWithVoid();
    }

    private Uni<Void> send(OutboxMessage row) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("content-type", EventEnvelope.CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
        headers.add("ce_type", row.eventType.getBytes(StandardCharsets.UTF_8));
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(row.topic)
                .withKey(row.messageKey)
                .withHeaders(headers)
                .build();
        return emitter.sendMessage(Message.of(row.payload).addMetadata(metadata));
    }

    private static List<UUID> ids(List<OutboxMessage> rows) {
        return rows.stream().map(row -> row.id).toList();
    }
}
