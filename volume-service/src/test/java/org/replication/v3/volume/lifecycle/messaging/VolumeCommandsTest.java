package org.replication.v3.volume.lifecycle.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.replication.v3.common.messaging.EventCodec;
import org.replication.v3.common.messaging.EventEnvelope;
import org.replication.v3.common.messaging.TopicNames;
import org.replication.v3.common.volume.CreateVolumeOnBackend;
import org.replication.v3.common.volume.DeleteVolume;
import org.replication.v3.common.volume.VolumeCreateFailed;
import org.replication.v3.common.volume.VolumeCreated;
import org.replication.v3.common.volume.VolumeDeleted;
import org.replication.v3.testinfra.TopicReader;
import org.replication.v3.volume.support.ArrayVolumes;
import org.replication.v3.volume.support.VolumeServiceBus;

@QuarkusTest
class VolumeCommandsTest {

    private static final long GIB = 1L << 30;

    @Inject
    VolumeServiceBus bus;
    @Inject
    EventCodec codec;
    @Inject
    TopicNames topics;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void createsTheVolumeOnTheArrayAndAnnouncesItUnderTheVolumeId() throws Exception {
        String id = UUID.randomUUID().toString();

        bus.command(create(id, "node1@fast#pool-a", 2));

        VolumeCreated created = bus.event(VolumeCreated.TYPE, id, VolumeCreated.class);
        assertThat(created.host()).isEqualTo("node1@fast#pool-a");
        assertThat(created.providerId()).isEqualTo("pool-a/volume-" + id);
        assertThat(ArrayVolumes.size("fast", id)).isEqualTo(2 * GIB);
        assertThat(ArrayVolumes.volume("fast", id).orElseThrow().path("pool").asText()).isEqualTo("pool-a");
    }

    @Test
    void aRedeliveredCommandIsAppliedOnce() {
        String id = UUID.randomUUID().toString();
        EventEnvelope command = codec.wrap(create(id, "node1@fast#pool-b", 1));

        bus.command(command);
        bus.command(command);
        String marker = UUID.randomUUID().toString();
        bus.command(create(marker, "node1@fast#pool-b", 1));

        bus.event(VolumeCreated.TYPE, marker, VolumeCreated.class);
        assertThat(bus.seen(VolumeCreated.TYPE, id)).isEqualTo(1);
    }

    @Test
    void aCommandForABackendHostedElsewhereIsLeftAlone() {
        String id = UUID.randomUUID().toString();
        bus.command(create(id, "node2@fast#pool-a", 1));
        String marker = UUID.randomUUID().toString();
        bus.command(create(marker, "node1@fast#pool-a", 1));

        bus.event(VolumeCreated.TYPE, marker, VolumeCreated.class);
        assertThat(bus.seen(id)).isZero();
        assertThat(ArrayVolumes.volume("fast", id)).isEmpty();
    }

    @Test
    void aPoolWithoutRoomFailsTheVolumeWithAReadableReason() {
        String id = UUID.randomUUID().toString();

        bus.command(create(id, "node1@fast#pool-a", 5000));

        VolumeCreateFailed failed = bus.event(VolumeCreateFailed.TYPE, id, VolumeCreateFailed.class);
        assertThat(failed.reason()).contains("insufficient free space in pool pool-a").contains("5000 GiB requested");
        assertThat(ArrayVolumes.volume("fast", id)).isEmpty();
    }

    @Test
    void deleteRemovesTheVolumeFromTheArray() {
        String id = UUID.randomUUID().toString();
        bus.command(create(id, "node1@capacity#bulk", 1));
        bus.event(VolumeCreated.TYPE, id, VolumeCreated.class);

        bus.command(new DeleteVolume(id, "node1@capacity#bulk"));

        bus.event(VolumeDeleted.TYPE, id, VolumeDeleted.class);
        assertThat(ArrayVolumes.volume("capacity", id)).isEmpty();
    }

    @Test
    void aRecordThatIsNotAnEventGoesToTheDeadLetterTopicAndTheStreamGoesOn() {
        String poisonKey = UUID.randomUUID().toString();
        bus.raw(topics.volumeCommands(), poisonKey, "{this is not json");
        String id = UUID.randomUUID().toString();
        bus.command(create(id, "node1@fast#pool-a", 1));

        bus.event(VolumeCreated.TYPE, id, VolumeCreated.class);
        try (TopicReader dlq = new TopicReader(bootstrap, TopicNames.deadLetter(topics.volumeCommands()))) {
            ConsumerRecord<String, String> dead = dlq.await(r -> poisonKey.equals(r.key()), Duration.ofSeconds(30));
            assertThat(new String(dead.headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8))
                    .contains("not a CloudEvents JSON document");
        }
    }

    @Test
    void createsReadInOneBatchAreEachAppliedOnceAroundAPoisonRecordAndARedelivery() {
        List<String> ids = new ArrayList<>();
        List<EventEnvelope> commands = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            ids.add(UUID.randomUUID().toString());
            commands.add(codec.wrap(create(ids.get(i), "node1@capacity#bulk", 1)));
        }
        String poisonKey = UUID.randomUUID().toString();
        // Sent back to back, so the consumer reads most of them in one poll: one driver call, one transaction.
        commands.subList(0, 6).forEach(bus::command);
        bus.raw(topics.volumeCommands(), poisonKey, "{this is not json");
        commands.subList(6, 12).forEach(bus::command);
        // A redelivery of the whole run (an outbox relay resending after a crash) changes nothing.
        commands.forEach(bus::command);
        String marker = UUID.randomUUID().toString();
        bus.command(create(marker, "node1@capacity#bulk", 1));

        bus.event(VolumeCreated.TYPE, marker, VolumeCreated.class);
        for (String id : ids) {
            assertThat(bus.event(VolumeCreated.TYPE, id, VolumeCreated.class).providerId())
                    .isEqualTo("bulk/volume-" + id);
            assertThat(bus.seen(VolumeCreated.TYPE, id)).isEqualTo(1);
            // capacity replicates as a whole backend: each volume is paired, its replica on the target's array.
            assertThat(ArrayVolumes.volume("capacity", id).orElseThrow().path("pair").isMissingNode()).isFalse();
        }
        try (TopicReader dlq = new TopicReader(bootstrap, TopicNames.deadLetter(topics.volumeCommands()))) {
            dlq.await(r -> poisonKey.equals(r.key()), Duration.ofSeconds(30));
        }
    }

    private static CreateVolumeOnBackend create(String id, String host, int sizeGb) {
        return new CreateVolumeOnBackend(id, "project-1", sizeGb, host, "type-1", Map.of());
    }
}
