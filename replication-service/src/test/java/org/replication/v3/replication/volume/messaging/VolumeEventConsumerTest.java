package org.replication.v3.replication.volume.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.replication.v3.common.crosscloud.ReplicasExported;
import org.replication.v3.common.group.GroupReplicationChanged;
import org.replication.v3.common.messaging.EventCodec;
import org.replication.v3.common.messaging.EventEnvelope;
import org.replication.v3.common.messaging.TopicNames;
import org.replication.v3.common.replication.ReplicationEnabled;
import org.replication.v3.common.replication.ReplicationMode;
import org.replication.v3.common.replication.ReplicationScope;
import org.replication.v3.common.replication.ReplicationStatus;
import org.replication.v3.common.replication.VolumeReplication;
import org.replication.v3.replication.volume.ReplicatedVolume;
import org.replication.v3.replication.volume.repository.ReplicatedVolumes;
import org.replication.v3.replication.support.ReplicationBus;

/**
 * The volume events consumer under the one failure policy: what it cannot read or does not know is parked on
 * {@code volume.events.dlq} with the reason and the stream goes on; a redelivered event is applied once.
 */
@QuarkusTest
class VolumeEventConsumerTest {

    private static final String HOST = "node-dlq@fast#pool-a";

    @Inject
    EventCodec codec;
    @Inject
    TopicNames topics;
    @Inject
    ReplicationBus bus;
    @Inject
    ReplicatedVolumes volumes;

    private static ReplicationEnabled enabled(String volumeId) {
        return new ReplicationEnabled(volumeId, HOST, new VolumeReplication(ReplicationStatus.ENABLED,
                ReplicationMode.ASYNC, ReplicationScope.VOLUME, "site-b", null, false, 300, Map.of(), null), null,
                null);
    }

    /** The stored replication status of a volume, or null while it is unknown here. */
    private String status(String volumeId) {
        ReplicatedVolume volume = bus.inTransaction(() -> volumes.findById(volumeId));
        return volume == null ? null : volume.replicationStatus;
    }

    private ConsumerRecord<String, String> parked(String key) {
        return bus.awaitRecord(TopicNames.deadLetter(topics.volumeEvents()), r -> key.equals(r.key()));
    }

    private static String reason(ConsumerRecord<String, String> parked) {
        return new String(parked.headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8);
    }

    @Test
    void aTypeOfANewerVersionGoesToTheDeadLetterTopicAndTheNextEventIsApplied() {
        String volume = UUID.randomUUID().toString();
        EventEnvelope current = codec.wrap(enabled(volume));
        EventEnvelope newer = new EventEnvelope(current.specversion(), UUID.randomUUID().toString(),
                "volume.replication-enabled.v2", current.source(), current.time(), volume,
                current.datacontenttype(), current.data());

        // Same key, so the good event can only be applied after the one that is parked.
        bus.send(topics.volumeEvents(), volume, newer);
        bus.send(topics.volumeEvents(), volume, current);

        await().atMost(ReplicationBus.WAIT).until(() -> "enabled".equals(status(volume)));
        assertThat(reason(parked(volume))).contains("volume.replication-enabled.v2");
    }

    @Test
    void anUnreadableRecordGoesToTheDeadLetterTopicAndTheNextEventIsApplied() {
        String volume = UUID.randomUUID().toString();

        bus.sendRaw(topics.volumeEvents(), volume, "{this is not a cloud event");
        bus.send(topics.volumeEvents(), enabled(volume));

        await().atMost(ReplicationBus.WAIT).until(() -> "enabled".equals(status(volume)));
        ConsumerRecord<String, String> parked = parked(volume);
        assertThat(parked.value()).isEqualTo("{this is not a cloud event");
        assertThat(reason(parked)).contains("CloudEvents");
    }

    @Test
    void aRedeliveredEventIsAppliedOnce() {
        String volume = UUID.randomUUID().toString();
        EventEnvelope first = codec.wrap(enabled(volume));
        bus.send(topics.volumeEvents(), volume, first);
        await().atMost(ReplicationBus.WAIT).until(() -> "enabled".equals(status(volume)));
        String group = UUID.randomUUID().toString();
        bus.send(topics.volumeEvents(), volume, codec.wrap(new GroupReplicationChanged(group, false, ReplicationStatus.DISABLED, null,
                List.of(new GroupReplicationChanged.VolumeResult(volume, ReplicationStatus.DISABLED, null)))));
        await().atMost(ReplicationBus.WAIT).until(() -> "disabled".equals(status(volume)));

        // Applied again, the redelivery would make the volume enabled; a later event on the same key shows it was
        // read.
        bus.send(topics.volumeEvents(), volume, first);
        String marker = UUID.randomUUID().toString();
        bus.send(topics.volumeEvents(), volume, codec.wrap(enabled(marker)));

        await().atMost(ReplicationBus.WAIT).until(() -> "enabled".equals(status(marker)));
        assertThat(status(volume)).isEqualTo("disabled");
    }

    @Test
    void anExportThatClearedExistingRecordsForgetsTheExportedVolumesOnly() {
        String exported = UUID.randomUUID().toString();
        String failed = UUID.randomUUID().toString();
        String kept = UUID.randomUUID().toString();
        bus.send(topics.volumeEvents(), enabled(exported));
        bus.send(topics.volumeEvents(), enabled(failed));
        bus.send(topics.volumeEvents(), enabled(kept));
        await().atMost(ReplicationBus.WAIT).until(() -> "enabled".equals(status(kept)));

        // an export without clear_existing leaves the volume here
        bus.send(topics.volumeEvents(), new ReplicasExported(UUID.randomUUID().toString(), "node-dlq@fast", false,
                List.of(new ReplicasExported.Result(kept, null, null)), List.of()));
        bus.send(topics.volumeEvents(), new ReplicasExported(UUID.randomUUID().toString(), "node-dlq@fast", true,
                List.of(new ReplicasExported.Result(exported, null, null),
                        new ReplicasExported.Result(failed, null, "replica not found")), List.of()));

        await().atMost(ReplicationBus.WAIT).until(() -> status(exported) == null);
        assertThat(status(failed)).isEqualTo("enabled");
        assertThat(status(kept)).isEqualTo("enabled");
    }
}
