package org.replication.v3.volume.replication;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.replication.v3.common.failover.FailbackChanges;
import org.replication.v3.common.failover.FailoverAction;
import org.replication.v3.common.failover.FencedBy;
import org.replication.v3.common.failover.SwitchVolumes;
import org.replication.v3.common.failover.VolumesSwitched;
import org.replication.v3.common.messaging.DomainEvent;
import org.replication.v3.common.messaging.EventCodec;
import org.replication.v3.common.messaging.EventEnvelope;
import org.replication.v3.common.messaging.TopicNames;
import org.replication.v3.common.replication.ReplicationEnabled;
import org.replication.v3.common.volume.CreateVolumeOnBackend;
import org.replication.v3.testinfra.KafkaResource;
import org.replication.v3.testinfra.PostgresResource;
import org.replication.v3.testinfra.TopicReader;

/**
 * Failover, failback and reprotect commands through volume-service on the real filearray driver: real bytes on
 * both arrays, written and read through the admin data plane, compared by checksum.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = false)
class VolumeSwitchingTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String BACKEND = "node1@fast";
    private static final Map<String, String> SYNC = Map.of("replication_enabled", "<is> True",
            "replication_mode", "sync", "replication_mediator", "<is> True");

    @Inject
    EventCodec codec;
    @Inject
    TopicNames topics;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private KafkaProducer<String, String> producer;
    private TopicReader events;
    private final Random random = new Random(11);

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
    void aFailbackKeepingChangesLeavesThePrimaryWithTheTargetsData() {
        String id = replicatedVolumeWithData();
        assertThat(switchVolume(FailoverAction.FAILOVER, id, FailbackChanges.KEEP))
                .satisfies(r -> {
                    assertThat(r.replicationStatus()).isEqualTo("failed-over");
                    assertThat(r.fencedBy()).isEqualTo(FencedBy.PLANNED);
                });
        write(id, "secondary", 8192, 64 * 1024);
        String target = checksum(id, "secondary");
        assertThat(checksum(id, "primary")).as("nothing flows back on its own").isNotEqualTo(target);

        VolumesSwitched.Result back = switchVolume(FailoverAction.FAILBACK, id, FailbackChanges.KEEP);

        assertThat(back.replicationStatus()).isEqualTo("enabled");
        assertThat(back.lostBytes()).isZero();
        assertThat(checksum(id, "primary")).isEqualTo(target);
        assertThat(checksum(id, "secondary")).isEqualTo(target);
    }

    @Test
    void aFailbackDiscardingChangesLeavesThePrimarysOldData() {
        String id = replicatedVolumeWithData();
        String before = checksum(id, "primary");
        switchVolume(FailoverAction.FAILOVER, id, FailbackChanges.KEEP);
        write(id, "secondary", 0, 128 * 1024);

        VolumesSwitched.Result back = switchVolume(FailoverAction.FAILBACK, id, FailbackChanges.DISCARD);

        assertThat(back.replicationStatus()).isEqualTo("enabled");
        assertThat(back.lostBytes()).as("the blocks the target changed").isPositive();
        assertThat(checksum(id, "primary")).isEqualTo(before);
        assertThat(checksum(id, "secondary")).isEqualTo(before);
    }

    @Test
    void aReprotectReplicatesTheTargetsWritesToTheOldPrimary() {
        String id = replicatedVolumeWithData();
        switchVolume(FailoverAction.FAILOVER, id, FailbackChanges.KEEP);
        write(id, "secondary", 4096, 32 * 1024);

        VolumesSwitched.Result reprotected = switchVolume(FailoverAction.REPROTECT, id, FailbackChanges.KEEP);

        assertThat(reprotected.replicationStatus()).isEqualTo("enabled");
        assertThat(reprotected.error()).isNull();
        assertThat(checksum(id, "primary")).isEqualTo(checksum(id, "secondary"));
        byte[] later = write(id, "secondary", 512 * 1024, 16 * 1024);
        assertThat(read(id, "primary", 512 * 1024, later.length)).as("the old primary is the replica now")
                .isEqualTo(later);

        assertThat(switchVolume(FailoverAction.FAILBACK, id, FailbackChanges.KEEP).replicationStatus())
                .isEqualTo("enabled");
        byte[] home = write(id, "primary", 0, 4096);
        assertThat(read(id, "secondary", 0, home.length)).as("roles swapped back").isEqualTo(home);
    }

    @Test
    void aReprotectOfAVolumeThatWasNotFailedOverFailsForThatVolume() {
        String id = replicatedVolumeWithData();

        VolumesSwitched.Result result = switchVolume(FailoverAction.REPROTECT, id, FailbackChanges.KEEP);

        assertThat(result.replicationStatus()).isEqualTo("enabled");
        assertThat(result.error()).contains("not failed over");
    }

    /** A sync volume on fast (replicating to site-b) with some data on both arrays. */
    private String replicatedVolumeWithData() {
        String id = UUID.randomUUID().toString();
        send(topics.volumeCommands(), id, new CreateVolumeOnBackend(id, "project-1", 1, BACKEND + "#pool-a",
                "type-1", SYNC));
        event(ReplicationEnabled.TYPE, id, ReplicationEnabled.class);
        write(id, "primary", 0, 256 * 1024);
        assertThat(checksum(id, "secondary")).isEqualTo(checksum(id, "primary"));
        return id;
    }

    private VolumesSwitched.Result switchVolume(FailoverAction action, String id, FailbackChanges changes) {
        String operation = UUID.randomUUID().toString();
        SwitchVolumes command = new SwitchVolumes(operation, BACKEND, action, "site-b", false, List.of(id), changes);
        send(topics.volumeCommands(), command.subject(), command);
        return answer(operation);
    }

    private VolumesSwitched.Result answer(String operation) {
        var record = events.await(r -> {
            EventEnvelope envelope = codec.decode(r.value());
            return envelope.type().equals(VolumesSwitched.TYPE)
                    && codec.data(envelope, VolumesSwitched.class).operationId().equals(operation);
        }, WAIT);
        return codec.data(codec.decode(record.value()), VolumesSwitched.class).results().get(0);
    }

    private void send(String topic, String key, DomainEvent event) {
        producer.send(new ProducerRecord<>(topic, key, codec.encode(codec.wrap(event))));
        producer.flush();
    }

    private <T extends DomainEvent> T event(String type, String id, Class<T> kind) {
        return codec.data(codec.decode(events.await(record -> id.equals(record.key())
                && codec.decode(record.value()).type().equals(type), WAIT).value()), kind);
    }

    private byte[] write(String id, String side, long offset, int length) {
        byte[] data = new byte[length];
        random.nextBytes(data);
        admin().contentType(ContentType.BINARY).body(data)
                .put("/v1/volumes/{id}/data?offset=" + offset + "&side=" + side, id).then().statusCode(204);
        return data;
    }

    private byte[] read(String id, String side, long offset, int length) {
        return admin().get("/v1/volumes/{id}/data?offset=" + offset + "&length=" + length + "&side=" + side, id)
                .then().statusCode(200).extract().asByteArray();
    }

    private String checksum(String id, String side) {
        return admin().get("/v1/volumes/{id}/checksum?side=" + side, id).then().statusCode(200)
                .extract().path("checksum.sha256");
    }

    private static RequestSpecification admin() {
        return given().header("X-Roles", "admin");
    }
}
