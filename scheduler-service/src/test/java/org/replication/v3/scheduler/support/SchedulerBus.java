package org.replication.v3.scheduler.support;

import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.replication.v3.common.capability.BackendCapabilities;
import org.replication.v3.common.messaging.DomainEvent;
import org.replication.v3.common.messaging.EventCodec;
import org.replication.v3.common.messaging.TopicNames;
import org.replication.v3.common.volume.CreateVolumeOnBackend;
import org.replication.v3.common.volume.VolumeSchedulingFailed;
import org.replication.v3.testinfra.KafkaResource;
import org.replication.v3.testinfra.PostgresResource;
import org.replication.v3.testinfra.TopicReader;
import org.replication.v3.testinfra.TopicWriter;

/**
 * What the scheduler's tests do on the broker: publish events and reports, and read what the scheduler answered.
 * It also starts the broker and the database for every test class of the module (the resources are not restricted
 * to this class), so the test classes need not repeat it.
 */
@ApplicationScoped
@QuarkusTestResource(value = KafkaResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = false)
public class SchedulerBus {

    public static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    EventCodec codec;
    @Inject
    TopicNames topics;
    @Inject
    Pool database;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private TopicWriter writer;

    /** Where a volume went (host@backend#pool), or why it went nowhere. */
    public record Outcome(String host, String refusal) {
    }

    /** Publishes the event keyed by its subject and waits for the broker's acknowledgement. */
    public void send(String topic, DomainEvent event) {
        writer().send(topic, event.subject(), codec.encode(codec.wrap(event)));
    }

    /** Publishes a backend's report and waits until the scheduler has stored it (in memory before stored). */
    public void report(BackendCapabilities report) {
        send(topics.backendCapabilities(), report);
        await().atMost(WAIT).until(() -> database.preparedQuery("select count(*) from backend_report where host = $1")
                .execute(Tuple.of(report.host())).await().atMost(Duration.ofSeconds(5)).iterator().next()
                .getLong(0) == 1);
    }

    /** The first record of the topic, from its beginning, that matches; fails after {@link #WAIT}. */
    public ConsumerRecord<String, String> awaitRecord(String topic, Predicate<ConsumerRecord<String, String>> wanted) {
        try (TopicReader reader = new TopicReader(bootstrap, topic)) {
            return reader.await(wanted, WAIT);
        }
    }

    /** The first record keyed {@code key} of this type on the topic, decoded. */
    public <T extends DomainEvent> T awaitEvent(String topic, String key, Class<T> type, String eventType) {
        return codec.data(codec.decode(awaitRecord(topic, r -> key.equals(r.key())
                && codec.decode(r.value()).type().equals(eventType)).value()), type);
    }

    /** Waits for the scheduler's answer about a volume: a create command for its backend, or a refusal. */
    public Outcome outcome(String volumeId) {
        try (TopicReader commands = new TopicReader(bootstrap, topics.volumeCommands());
                TopicReader events = new TopicReader(bootstrap, topics.schedulerEvents())) {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                try {
                    var record = commands.await(r -> volumeId.equals(r.key()), Duration.ofMillis(300));
                    return new Outcome(codec.data(codec.decode(record.value()), CreateVolumeOnBackend.class).host(),
                            null);
                } catch (AssertionError notPlacedYet) {
                    try {
                        var record = events.await(r -> volumeId.equals(r.key()), Duration.ofMillis(300));
                        return new Outcome(null, codec.data(codec.decode(record.value()),
                                VolumeSchedulingFailed.class).reason());
                    } catch (AssertionError notRefusedYet) {
                        // keep waiting for either answer
                    }
                }
            }
        }
        throw new AssertionError("volume " + volumeId + " was neither placed nor refused within " + WAIT);
    }

    private synchronized TopicWriter writer() {
        if (writer == null) {
            writer = new TopicWriter(bootstrap);
        }
        return writer;
    }

    @PreDestroy
    void close() {
        if (writer != null) {
            writer.close();
        }
    }
}
