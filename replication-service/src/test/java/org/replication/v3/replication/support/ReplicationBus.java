package org.replication.v3.replication.support;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.replication.v3.common.messaging.DomainEvent;
import org.replication.v3.common.messaging.EventCodec;
import org.replication.v3.common.messaging.EventEnvelope;
import org.replication.v3.testinfra.KafkaResource;
import org.replication.v3.testinfra.PostgresResource;
import org.replication.v3.testinfra.TopicReader;
import org.replication.v3.testinfra.TopicWriter;

/**
 * What the replication-service's tests do around it: publish records, read what it published, and run its
 * repositories in a transaction as its consumers would. It also starts the broker and the database for every test
 * class of the module (the resources are not restricted to this class), so the test classes need not repeat it.
 */
@ApplicationScoped
@QuarkusTestResource(value = KafkaResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = false)
public class ReplicationBus {

    public static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    EventCodec codec;
    @Inject
    Vertx vertx;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private TopicWriter writer;

    /** Publishes the event keyed by its subject and waits for the broker's acknowledgement. */
    public void send(String topic, DomainEvent event) {
        send(topic, event.subject(), codec.wrap(event));
    }

    /** Publishes an envelope as it is (the same id twice is a redelivery), under any key. */
    public void send(String topic, String key, EventEnvelope envelope) {
        sendRaw(topic, key, codec.encode(envelope));
    }

    /** Publishes any text, readable or not. */
    public void sendRaw(String topic, String key, String value) {
        writer().send(topic, key, value);
    }

    /** The first record of the topic, from its beginning, that matches; fails after {@link #WAIT}. */
    public ConsumerRecord<String, String> awaitRecord(String topic, Predicate<ConsumerRecord<String, String>> wanted) {
        try (TopicReader reader = new TopicReader(bootstrap, topic)) {
            return reader.await(wanted, WAIT);
        }
    }

    /** The first event of this type on the topic that matches, decoded. */
    public <T extends DomainEvent> T awaitEvent(String topic, Class<T> type, String eventType, Predicate<T> wanted) {
        return codec.data(codec.decode(awaitRecord(topic, record -> {
            EventEnvelope envelope = codec.decode(record.value());
            return envelope.type().equals(eventType) && wanted.test(codec.data(envelope, type));
        }).value()), type);
    }

    /** Every record the topic holds now. */
    public List<ConsumerRecord<String, String>> readToEnd(String topic) {
        try (TopicReader reader = new TopicReader(bootstrap, topic)) {
            return reader.readToEnd(Duration.ofSeconds(10));
        }
    }

    /** Runs {@code work} in one transaction on a Vert.x context of its own, where Hibernate Reactive runs. */
    public <T> T inTransaction(Supplier<Uni<T>> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        context.runOnContext(ignored -> Panache.withTransaction(work).subscribe().with(result::complete,
                result::completeExceptionally));
        try {
            return result.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("transaction failed: " + e.getMessage(), e);
        }
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
