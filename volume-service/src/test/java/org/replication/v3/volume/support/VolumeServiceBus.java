package org.replication.v3.volume.support;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.replication.v3.common.failover.VolumesSwitched;
import org.replication.v3.common.messaging.DomainEvent;
import org.replication.v3.common.messaging.EventCodec;
import org.replication.v3.common.messaging.EventEnvelope;
import org.replication.v3.common.messaging.TopicNames;
import org.replication.v3.testinfra.TopicReader;

/**
 * The volume-service's side of Kafka as a test drives it: commands sent as the scheduler or the replication-service
 * would, and the events it answers with read back from {@code volume.events}. One for the whole test run: it keeps
 * every event it has read and finds each by its key or operation, so tests do not see one another's.
 */
@Singleton
public final class VolumeServiceBus {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final EventCodec codec;
    private final TopicNames topics;
    private final KafkaProducer<String, String> producer;
    private final TopicReader events;
    private final String bootstrap;

    public VolumeServiceBus(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap, TopicNames topics,
            EventCodec codec) {
        this.codec = codec;
        this.topics = topics;
        this.bootstrap = bootstrap;
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new StringSerializer(), new StringSerializer());
        this.events = new TopicReader(bootstrap, topics.volumeEvents());
    }

    /** A command on {@code volume.commands}, keyed as its producer keys it. */
    public void command(String key, DomainEvent command) {
        send(topics.volumeCommands(), key, command);
    }

    /** A command keyed by its subject, as the scheduler and the API key theirs. */
    public void command(DomainEvent command) {
        command(codec.wrap(command));
    }

    /** A command already wrapped: sent twice, it is one message delivered twice. */
    public void command(EventEnvelope command) {
        raw(topics.volumeCommands(), command.subject(), codec.encode(command));
    }

    /** Any record, readable or not. */
    public void raw(String topic, String key, String value) {
        producer.send(new ProducerRecord<>(topic, key, value));
        producer.flush();
    }

    public void send(String topic, String key, DomainEvent event) {
        raw(topic, key, codec.encode(codec.wrap(event)));
    }

    /** The first event of {@code type} keyed {@code key}. */
    public <T extends DomainEvent> T event(String type, String key, Class<T> kind) {
        return event(type, key, kind, any -> true);
    }

    public <T extends DomainEvent> T event(String type, String key, Class<T> kind, Predicate<T> wanted) {
        Predicate<ConsumerRecord<String, String>> match = record -> is(type, key).test(record)
                && wanted.test(codec.data(codec.decode(record.value()), kind));
        return codec.data(codec.decode(events.await(match, WAIT).value()), kind);
    }

    /** The events of {@code type} keyed {@code key} read so far, in the order the topic holds them. */
    public <T extends DomainEvent> List<T> all(String type, String key, Class<T> kind) {
        return events.seen().stream().filter(is(type, key)).map(r -> codec.data(codec.decode(r.value()), kind))
                .toList();
    }

    /** How many events of {@code type} keyed {@code key} were read so far (await a later one first). */
    public long seen(String type, String key) {
        return events.seen().stream().filter(is(type, key)).count();
    }

    /** How many events of any type keyed {@code key} were read so far. */
    public long seen(String key) {
        return events.seen().stream().filter(record -> key.equals(record.key())).count();
    }

    /** The types of the events keyed {@code key} read so far, in the order the topic holds them. */
    public List<String> types(String key) {
        return events.seen().stream().filter(record -> key.equals(record.key()))
                .map(record -> codec.decode(record.value()).type()).toList();
    }

    /** The first report keyed {@code key} on a topic of snapshots (capabilities, heartbeats). */
    public <T extends DomainEvent> T report(String topic, String key, Class<T> kind) {
        try (TopicReader reports = new TopicReader(bootstrap, topic)) {
            return codec.data(codec.decode(reports.await(r -> key.equals(r.key()), WAIT).value()), kind);
        }
    }

    private Predicate<ConsumerRecord<String, String>> is(String type, String key) {
        return record -> key.equals(record.key()) && codec.decode(record.value()).type().equals(type);
    }

    /** The answer to a SwitchVolumes of {@code operationId}. */
    public VolumesSwitched switched(String operationId) {
        var record = events.await(r -> {
            EventEnvelope envelope = codec.decode(r.value());
            return envelope.type().equals(VolumesSwitched.TYPE)
                    && codec.data(envelope, VolumesSwitched.class).operationId().equals(operationId);
        }, WAIT);
        return codec.data(codec.decode(record.value()), VolumesSwitched.class);
    }

    @PreDestroy
    void close() {
        producer.close();
        events.close();
    }
}
