package org.replication.v3.volume.lifecycle.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.replication.v3.common.messaging.DomainEvent;
import org.replication.v3.common.messaging.EventCodec;
import org.replication.v3.common.messaging.EventEnvelope;
import org.replication.v3.common.messaging.TopicNames;
import org.replication.v3.common.volume.CreateVolumeOnBackend;
import org.replication.v3.common.volume.DeleteVolume;
import org.replication.v3.common.volume.VolumeCreateFailed;
import org.replication.v3.common.volume.VolumeCreated;
import org.replication.v3.common.volume.VolumeDeleted;
import org.replication.v3.testinfra.KafkaResource;
import org.replication.v3.testinfra.PostgresResource;
import org.replication.v3.testinfra.TopicReader;

@QuarkusTest
@QuarkusTestResource(value = KafkaResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = false)
class VolumeCommandsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final long GIB = 1L << 30;

    @Inject
    EventCodec codec;
    @Inject
    TopicNames topics;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;
    @ConfigProperty(name = "volume.data-dir")
    String dataDir;

    private KafkaProducer<String, String> producer;
    private TopicReader events;

    @BeforeEach
    void connect() {
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new StringSerializer(), new StringSerializer());
        events = new TopicReader(bootstrap, topics.volumeEvents());
    }

    @AfterEach
    void disconnect() {
        producer.close();
        events.close();
    }

    @Test
    void createsTheVolumeOnTheArrayAndAnnouncesItUnderTheVolumeId() throws Exception {
        String id = UUID.randomUUID().toString();

        send(create(id, "node1@fast#pool-a", 2));

        ConsumerRecord<String, String> record = events.await(is(VolumeCreated.TYPE, id), WAIT);
        assertThat(record.key()).isEqualTo(id);
        VolumeCreated created = codec.data(codec.decode(record.value()), VolumeCreated.class);
        assertThat(created.host()).isEqualTo("node1@fast#pool-a");
        assertThat(created.providerId()).isEqualTo("pool-a/volume-" + id);
        assertThat(Files.size(volumeFile("fast", "pool-a", id))).isEqualTo(2 * GIB);
    }

    @Test
    void aRedeliveredCommandIsAppliedOnce() {
        String id = UUID.randomUUID().toString();
        EventEnvelope command = codec.wrap(create(id, "node1@fast#pool-b", 1));

        send(command);
        send(command);
        String marker = UUID.randomUUID().toString();
        send(codec.wrap(create(marker, "node1@fast#pool-b", 1)));

        events.await(is(VolumeCreated.TYPE, marker), WAIT);
        assertThat(events.seen()).filteredOn(is(VolumeCreated.TYPE, id)).hasSize(1);
    }

    @Test
    void aCommandForABackendHostedElsewhereIsLeftAlone() {
        String id = UUID.randomUUID().toString();
        send(create(id, "node2@fast#pool-a", 1));
        String marker = UUID.randomUUID().toString();
        send(create(marker, "node1@fast#pool-a", 1));

        events.await(is(VolumeCreated.TYPE, marker), WAIT);
        assertThat(events.seen()).noneMatch(r -> id.equals(r.key()));
        assertThat(volumeFile("fast", "pool-a", id)).doesNotExist();
    }

    @Test
    void aPoolWithoutRoomFailsTheVolumeWithAReadableReason() {
        String id = UUID.randomUUID().toString();

        send(create(id, "node1@fast#pool-a", 5000));

        var failed = codec.data(codec.decode(events.await(is(VolumeCreateFailed.TYPE, id), WAIT).value()),
                VolumeCreateFailed.class);
        assertThat(failed.reason()).contains("insufficient free space in pool pool-a").contains("5000 GiB requested");
        assertThat(volumeFile("fast", "pool-a", id)).doesNotExist();
    }

    @Test
    void deleteRemovesTheVolumeFromTheArray() {
        String id = UUID.randomUUID().toString();
        send(create(id, "node1@capacity#bulk", 1));
        events.await(is(VolumeCreated.TYPE, id), WAIT);

        send(new DeleteVolume(id, "node1@capacity#bulk"));

        events.await(is(VolumeDeleted.TYPE, id), WAIT);
        assertThat(volumeFile("capacity", "bulk", id)).doesNotExist();
    }

    @Test
    void aRecordThatIsNotAnEventGoesToTheDeadLetterTopicAndTheStreamGoesOn() {
        String poisonKey = UUID.randomUUID().toString();
        producer.send(new ProducerRecord<>(topics.volumeCommands(), poisonKey, "{this is not json"));
        String id = UUID.randomUUID().toString();
        send(create(id, "node1@fast#pool-a", 1));

        events.await(is(VolumeCreated.TYPE, id), WAIT);
        try (TopicReader dlq = new TopicReader(bootstrap, TopicNames.deadLetter(topics.volumeCommands()))) {
            ConsumerRecord<String, String> dead = dlq.await(r -> poisonKey.equals(r.key()), WAIT);
            assertThat(new String(dead.headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8))
                    .contains("not a CloudEvents JSON document");
        }
    }

    private static CreateVolumeOnBackend create(String id, String host, int sizeGb) {
        return new CreateVolumeOnBackend(id, "project-1", sizeGb, host, "type-1", Map.of());
    }

    private void send(DomainEvent command) {
        send(codec.wrap(command));
    }

    private void send(EventEnvelope command) {
        producer.send(new ProducerRecord<>(topics.volumeCommands(), command.subject(), codec.encode(command)));
        producer.flush();
    }

    private Path volumeFile(String backend, String pool, String id) {
        return Path.of(dataDir).resolve(backend).resolve(pool).resolve("volume-" + id);
    }

    private java.util.function.Predicate<ConsumerRecord<String, String>> is(String type, String id) {
        return record -> id.equals(record.key()) && codec.decode(record.value()).type().equals(type);
    }
}
