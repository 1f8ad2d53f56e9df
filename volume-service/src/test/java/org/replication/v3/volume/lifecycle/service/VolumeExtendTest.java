package org.replication.v3.volume.lifecycle.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.replication.v3.common.messaging.EventCodec;
import org.replication.v3.common.messaging.EventEnvelope;
import org.replication.v3.common.volume.CreateVolumeOnBackend;
import org.replication.v3.common.volume.ExtendVolume;
import org.replication.v3.common.volume.VolumeCreated;
import org.replication.v3.common.volume.VolumeExtendFailed;
import org.replication.v3.common.volume.VolumeExtended;
import org.replication.v3.volume.support.ArrayVolumes;
import org.replication.v3.volume.support.VolumeServiceBus;

/** os-extend as volume-service sees it: an ExtendVolume command on Kafka grows the file-backed volume. */
@QuarkusTest
class VolumeExtendTest {

    private static final long GIB = 1L << 30;

    @Inject
    VolumeServiceBus bus;
    @Inject
    EventCodec codec;

    @Test
    void extendGrowsTheVolumeFileAndAnnouncesTheNewSize() throws Exception {
        String id = created("node1@fast#pool-a", 1);

        bus.command(new ExtendVolume(id, "node1@fast#pool-a", 3));

        VolumeExtended extended = bus.event(VolumeExtended.TYPE, id, VolumeExtended.class);
        assertThat(extended.newSize()).isEqualTo(3);
        assertThat(ArrayVolumes.size("fast", id)).isEqualTo(3 * GIB);
    }

    @Test
    void aRepeatedExtendCommandChangesNothingMore() throws Exception {
        String id = created("node1@fast#pool-b", 1);
        EventEnvelope command = codec.wrap(new ExtendVolume(id, "node1@fast#pool-b", 2));

        bus.command(command);
        bus.command(command);
        // A second, distinct command with the same size: the driver finds the file already grown.
        bus.command(new ExtendVolume(id, "node1@fast#pool-b", 2));
        created("node1@fast#pool-b", 1);

        assertThat(bus.seen(VolumeExtended.TYPE, id)).isEqualTo(2);
        assertThat(bus.seen(VolumeExtendFailed.TYPE, id)).isZero();
        assertThat(ArrayVolumes.size("fast", id)).isEqualTo(2 * GIB);
    }

    @Test
    void extendBeyondThePoolsCapacityFailsAndLeavesTheVolumeAsItWas() throws Exception {
        String id = created("node1@fast#pool-a", 1);

        bus.command(new ExtendVolume(id, "node1@fast#pool-a", 5000));

        VolumeExtendFailed failed = bus.event(VolumeExtendFailed.TYPE, id, VolumeExtendFailed.class);
        assertThat(failed.reason()).contains("insufficient free space in pool pool-a");
        assertThat(ArrayVolumes.size("fast", id)).isEqualTo(GIB);
    }

    @Test
    void extendOfAVolumeTheBackendDoesNotHoldFails() {
        String id = UUID.randomUUID().toString();

        bus.command(new ExtendVolume(id, "node1@capacity#bulk", 2));

        VolumeExtendFailed failed = bus.event(VolumeExtendFailed.TYPE, id, VolumeExtendFailed.class);
        assertThat(failed.reason()).contains("is not on backend node1@capacity");
    }

    /** A new volume on {@code host}, once its creation is announced. */
    private String created(String host, int sizeGb) {
        String id = UUID.randomUUID().toString();
        bus.command(new CreateVolumeOnBackend(id, "project-1", sizeGb, host, "type-1", Map.of()));
        bus.event(VolumeCreated.TYPE, id, VolumeCreated.class);
        return id;
    }
}
