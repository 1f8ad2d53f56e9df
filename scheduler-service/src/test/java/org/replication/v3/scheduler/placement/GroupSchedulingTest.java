package org.replication.v3.scheduler.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.replication.v3.common.capability.BackendCapabilities;
import org.replication.v3.common.capability.PoolCapabilities;
import org.replication.v3.common.group.CreateGroupOnBackend;
import org.replication.v3.common.group.GroupSchedulingFailed;
import org.replication.v3.common.group.GroupVolumeType;
import org.replication.v3.common.group.ScheduleGroupCreate;
import org.replication.v3.common.messaging.DomainEvent;
import org.replication.v3.common.messaging.EventCodec;
import org.replication.v3.common.messaging.TopicNames;
import org.replication.v3.common.volume.CreateVolumeOnBackend;
import org.replication.v3.common.volume.ScheduleVolumeCreate;
import org.replication.v3.testinfra.KafkaResource;
import org.replication.v3.testinfra.PostgresResource;

/** Placing groups, and the volumes of a group, through the real broker and database. */
@QuarkusTest
@QuarkusTestResource(value = KafkaResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = false)
class GroupSchedulingTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Map<String, String> GROUP_CAPABLE = Map.of("consistent_group_snapshot_enabled", "False");

    @Inject
    EventCodec codec;
    @Inject
    TopicNames topics;
    @Inject
    Pool database;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private KafkaProducer<String, String> producer;

    @BeforeEach
    void connect() {
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new StringSerializer(), new StringSerializer());
    }

    @AfterEach
    void disconnect() {
        producer.close();
    }

    @Test
    void aGroupGoesToABackendThatSupportsGroupsAndSuitsEveryTypeAndItsVolumesFollowItWithTheGroupSpecs() {
        String backendName = "grp-" + UUID.randomUUID();
        String groupCapable = "host-" + UUID.randomUUID() + "@" + backendName;
        String roomier = "host-" + UUID.randomUUID() + "@" + backendName;
        report(groupCapable, backendName, 100, GROUP_CAPABLE);
        report(roomier, backendName, 5000, Map.of());
        String group = UUID.randomUUID().toString();

        send(topics.schedulerCommands(), new ScheduleGroupCreate(group, "p1", "gt-1",
                Map.of("consistent_group_snapshot_enabled", "<is> False"),
                List.of(new GroupVolumeType("vt-1", Map.of("volume_backend_name", backendName)),
                        new GroupVolumeType("vt-2", Map.of())), null));

        CreateGroupOnBackend placed = codec.data(codec.decode(awaitRecord(topics.volumeCommands(),
                is(CreateGroupOnBackend.TYPE, group)).value()), CreateGroupOnBackend.class);
        assertThat(placed.host()).isEqualTo(groupCapable + "#pool-1");
        assertThat(placed.groupSpecs()).containsEntry("consistent_group_snapshot_enabled", "<is> False");

        String volume = UUID.randomUUID().toString();
        send(topics.schedulerCommands(), new ScheduleVolumeCreate(volume, "p1", "u1", 1, "vt-1", "vt-1",
                Map.of("volume_backend_name", backendName), null, group));
        CreateVolumeOnBackend created = codec.data(codec.decode(awaitRecord(topics.volumeCommands(),
                is(CreateVolumeOnBackend.TYPE, volume)).value()), CreateVolumeOnBackend.class);
        assertThat(created.host()).startsWith(groupCapable + "#");
        // The group type's specs travel with the volume: its backend replicates it as the group says.
        assertThat(created.groupId()).isEqualTo(group);
        assertThat(created.groupSpecs()).containsEntry("consistent_group_snapshot_enabled", "<is> False");
    }

    @Test
    void aGroupNoBackendSuitsFailsWithTheReasons() {
        String backendName = "grp-" + UUID.randomUUID();
        report("host-" + UUID.randomUUID() + "@" + backendName, backendName, 100, GROUP_CAPABLE);
        String typeMismatch = UUID.randomUUID().toString();
        String groupSpecMismatch = UUID.randomUUID().toString();

        send(topics.schedulerCommands(), new ScheduleGroupCreate(typeMismatch, "p1", "gt-1", Map.of(),
                List.of(new GroupVolumeType("vt-1", Map.of("volume_backend_name", backendName)),
                        new GroupVolumeType("vt-2", Map.of("volume_backend_name", "elsewhere"))), null));
        send(topics.schedulerCommands(), new ScheduleGroupCreate(groupSpecMismatch, "p1", "gt-2",
                Map.of("consistent_group_snapshot_enabled", "<is> True"),
                List.of(new GroupVolumeType("vt-1", Map.of("volume_backend_name", backendName))), null));

        assertThat(failure(typeMismatch)).startsWith("No valid backend was found.")
                .contains("volume_backend_name=elsewhere");
        assertThat(failure(groupSpecMismatch)).startsWith("No valid backend was found.")
                .contains("consistent_group_snapshot_enabled=<is> True");
    }

    @Test
    void aVolumeOfAGroupThatWasNeverPlacedIsRefused() {
        String volume = UUID.randomUUID().toString();
        String group = UUID.randomUUID().toString();

        send(topics.schedulerCommands(), new ScheduleVolumeCreate(volume, "p1", "u1", 1, "vt-1", "vt-1", Map.of(),
                null, group));

        ConsumerRecord<String, String> record = awaitRecord(topics.schedulerEvents(),
                r -> volume.equals(r.key()));
        assertThat(record.value()).contains("Group " + group + " has not been placed on any backend.");
    }

    private String failure(String group) {
        return codec.data(codec.decode(awaitRecord(topics.schedulerEvents(), is(GroupSchedulingFailed.TYPE, group))
                .value()), GroupSchedulingFailed.class).reason();
    }

    /** Publishes a report and waits until the scheduler has stored it (it is in memory before it is stored). */
    private void report(String host, String backendName, double freeGb, Map<String, String> capabilities) {
        Map<String, String> all = new java.util.HashMap<>(capabilities);
        all.put("volume_backend_name", backendName);
        send(topics.backendCapabilities(), new BackendCapabilities(host, backendName, "test", "1", "file", "nova",
                Instant.now(), List.of(new PoolCapabilities("pool-1", freeGb, freeGb, 0, false, 1.0, 0, Map.of(), null)),
                all, false, List.of()));
        await().atMost(WAIT).until(() -> database.preparedQuery("select count(*) from backend_report where host = $1")
                .execute(Tuple.of(host)).await().atMost(Duration.ofSeconds(5)).iterator().next().getLong(0) == 1);
    }

    private void send(String topic, DomainEvent event) {
        var envelope = codec.wrap(event);
        producer.send(new ProducerRecord<>(topic, envelope.subject(), codec.encode(envelope)));
        producer.flush();
    }

    private Predicate<ConsumerRecord<String, String>> is(String type, String id) {
        return record -> id.equals(record.key()) && codec.decode(record.value()).type().equals(type);
    }

    /** The first record of the topic, from its beginning, that matches; fails after the timeout. */
    private ConsumerRecord<String, String> awaitRecord(String topic, Predicate<ConsumerRecord<String, String>> wanted) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic, WAIT).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (wanted.test(record)) {
                        return record;
                    }
                }
            }
        }
        throw new AssertionError("no matching record on " + topic + " within " + WAIT);
    }
}
