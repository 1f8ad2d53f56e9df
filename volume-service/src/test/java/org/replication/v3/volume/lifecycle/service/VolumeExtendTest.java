package org.replication.v3.volume.lifecycle.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
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
import org.replication.v3.common.volume.ExtendVolume;
import org.replication.v3.common.volume.VolumeCreated;
import org.replication.v3.common.volume.VolumeExtendFailed;
import org.replication.v3.common.volume.VolumeExtended;
import org.replication.v3.testinfra.KafkaResource;
import org.replication.v3.testinfra.PostgresResource;
import org.replication.v3.testinfra.TopicReader;

/** os-extend as volume-service sees it: an ExtendVolume command on Kafka grows the file-backed volume. */
@QuarkusTest
@QuarkusTestResource(value = KafkaResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = false)
class VolumeExtendTest {

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
    void extendGrowsTheVolumeFileAndAnnouncesTheNewSize() throws Exception {
        String id = created("node1@fast#pool-a", 1);

        send(new ExtendVolume(id, "node1@fast#pool-a", 3));

        VolumeExtended extended = codec.data(codec.decode(events.await(is(VolumeExtended.TYPE, id), WAIT).value()),
                VolumeExtended.class);
        assertThat(extended.newSize()).isEqualTo(3);
        assertThat(Files.size(volumeFile("fast", "pool-a", id))).isEqualTo(3 * GIB);
    }

    @Test
    void aRepeatedExtendCommandChangesNothingMore() throws Exception {
        String id = created("node1@fast#pool-b", 1);
        EventEnvelope command = codec.wrap(new ExtendVolume(id, "node1@fast#pool-b", 2));

        send(command);
        send(command);
        // A second, distinct command with the same size: the driver finds the file already grown.
        send(new ExtendVolume(id, "node1@fast#pool-b", 2));
        String marker = created("node1@fast#pool-b", 1);

        events.await(is(VolumeCreated.TYPE, marker), WAIT);
        assertThat(events.seen()).filteredOn(is(VolumeExtended.TYPE, id)).hasSize(2);
        assertThat(events.seen()).noneMatch(is(VolumeExtendFailed.TYPE, id));
        assertThat(Files.size(volumeFile("fast", "pool-b", id))).isEqualTo(2 * GIB);
    }

    @Test
    void extendBeyondThePoolsCapacityFailsAndLeavesTheVolumeAsItWas() throws Exception {
        String id = created("node1@fast#pool-a", 1);

        send(new ExtendVolume(id, "node1@fast#pool-a", 5000));

        VolumeExtendFailed failed = codec.data(
                codec.decode(events.await(is(VolumeExtendFailed.TYPE, id), WAIT).value()), VolumeExtendFailed.class);
        assertThat(failed.reason()).contains("insufficient free space in pool pool-a");
        assertThat(Files.size(volumeFile("fast", "pool-a", id))).isEqualTo(GIB);
    }

    @Test
    void extendOfAVolumeTheBackendDoesNotHoldFails() {
        String id = UUID.randomUUID().toString();

        send(new ExtendVolume(id, "node1@capacity#bulk", 2));

        VolumeExtendFailed failed = codec.data(
                codec.decode(events.await(is(VolumeExtendFailed.TYPE, id), WAIT).value()), VolumeExtendFailed.class);
        assertThat(failed.reason()).contains("is not on backend node1@capacity");
    }

    private String created(String host, int sizeGb) {
        String id = UUID.randomUUID().toString();
        send(new CreateVolumeOnBackend(id, "project-1", sizeGb, host, "type-1", Map.of()));
        events.await(is(VolumeCreated.TYPE, id), WAIT);
        return id;
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

    private Predicate<ConsumerRecord<String, String>> is(String type, String id) {
        return record -> id.equals(record.key()) && codec.decode(record.value()).type().equals(type);
    }
}
