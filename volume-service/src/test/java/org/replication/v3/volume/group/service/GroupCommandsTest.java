package org.replication.v3.volume.group.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
import org.replication.v3.common.group.CreateGroupOnBackend;
import org.replication.v3.common.group.DeleteGroup;
import org.replication.v3.common.group.GroupCreateFailed;
import org.replication.v3.common.group.GroupCreated;
import org.replication.v3.common.group.GroupDeleted;
import org.replication.v3.common.group.GroupMember;
import org.replication.v3.common.messaging.DomainEvent;
import org.replication.v3.common.messaging.EventCodec;
import org.replication.v3.common.messaging.EventEnvelope;
import org.replication.v3.common.messaging.TopicNames;
import org.replication.v3.common.volume.CreateVolumeOnBackend;
import org.replication.v3.common.volume.VolumeCreated;
import org.replication.v3.common.volume.VolumeDeleted;
import org.replication.v3.testinfra.KafkaResource;
import org.replication.v3.testinfra.PostgresResource;
import org.replication.v3.testinfra.TopicReader;

/** Group commands through the real broker and database, down to the reference driver's array. */
@QuarkusTest
@QuarkusTestResource(value = KafkaResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = false)
class GroupCommandsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

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
    void createsTheGroupOnTheArrayOnceAndAnnouncesItUnderTheGroupId() {
        String id = UUID.randomUUID().toString();
        EventEnvelope command = codec.wrap(create(id, "node1@fast#pool-a"));

        send(command);
        send(command);

        ConsumerRecord<String, String> record = events.await(is(GroupCreated.TYPE, id), WAIT);
        GroupCreated created = codec.data(codec.decode(record.value()), GroupCreated.class);
        assertThat(created.host()).isEqualTo("node1@fast#pool-a");
        assertThat(groupDirectory("fast", "pool-a", id)).isDirectory();
        String marker = UUID.randomUUID().toString();
        send(create(marker, "node1@fast#pool-a"));
        events.await(is(GroupCreated.TYPE, marker), WAIT);
        assertThat(events.seen()).filteredOn(r -> id.equals(r.key())).hasSize(1);
    }

    @Test
    void aGroupOnAPoolTheArrayLacksFailsWithAReadableReason() {
        String id = UUID.randomUUID().toString();

        send(create(id, "node1@fast#no-such-pool"));

        GroupCreateFailed failed = codec.data(codec.decode(events.await(is(GroupCreateFailed.TYPE, id), WAIT)
                .value()), GroupCreateFailed.class);
        assertThat(failed.reason()).isEqualTo("pool no-such-pool does not exist on this array");
    }

    @Test
    void deleteRemovesTheGroupsVolumesAndThenTheGroup() {
        String group = UUID.randomUUID().toString();
        String volume = UUID.randomUUID().toString();
        send(create(group, "node1@fast#pool-b"));
        events.await(is(GroupCreated.TYPE, group), WAIT);
        send(new CreateVolumeOnBackend(volume, "project-1", 1, "node1@fast#pool-a", "type-1", Map.of()));
        events.await(is(VolumeCreated.TYPE, volume), WAIT);

        send(new DeleteGroup(group, "node1@fast#pool-b", List.of(new GroupMember(volume, "node1@fast#pool-a"))));

        events.await(is(VolumeDeleted.TYPE, volume), WAIT);
        events.await(is(GroupDeleted.TYPE, group), WAIT);
        assertThat(Path.of(dataDir).resolve("fast").resolve("pool-a").resolve("volume-" + volume)).doesNotExist();
        assertThat(groupDirectory("fast", "pool-b", group)).doesNotExist();
    }

    private static CreateGroupOnBackend create(String id, String host) {
        return new CreateGroupOnBackend(id, "project-1", host, "group-type-1", Map.of());
    }

    private void send(DomainEvent command) {
        send(codec.wrap(command));
    }

    private void send(EventEnvelope command) {
        producer.send(new ProducerRecord<>(topics.volumeCommands(), command.subject(), codec.encode(command)));
        producer.flush();
    }

    private Path groupDirectory(String backend, String pool, String id) {
        return Path.of(dataDir).resolve(backend).resolve(pool).resolve("group-" + id);
    }

    private Predicate<ConsumerRecord<String, String>> is(String type, String id) {
        return record -> id.equals(record.key()) && codec.decode(record.value()).type().equals(type);
    }
}
