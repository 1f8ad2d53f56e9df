package org.replication.v3.volume.replication.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.replication.v3.common.failover.FailbackChanges;
import org.replication.v3.common.replication.ReplicationScope;
import org.replication.v3.common.replication.ReplicationStatus;
import org.replication.v3.common.failover.FailoverAction;
import org.replication.v3.common.failover.FencedBy;
import org.replication.v3.common.failover.SwitchVolumes;
import org.replication.v3.common.failover.VolumesSwitched;
import org.replication.v3.common.replication.ReplicationEnabled;
import org.replication.v3.common.volume.CreateVolumeOnBackend;
import org.replication.v3.volume.support.DataPlaneClient;
import org.replication.v3.volume.support.VolumeServiceBus;

/**
 * Failover, failback and reprotect commands through volume-service on the real filearray driver: real bytes on
 * both arrays, written and read through the admin data plane, compared by checksum.
 */
@QuarkusTest
class VolumeSwitchingTest {

    private static final String BACKEND = "node1@fast";
    private static final Map<String, String> SYNC = Map.of("replication_enabled", "<is> True",
            "replication_mode", "sync", "replication_mediator", "<is> True");


    @Inject
    VolumeServiceBus bus;
    private final DataPlaneClient data = new DataPlaneClient(11);

    @Test
    void aFailbackKeepingChangesLeavesThePrimaryWithTheTargetsData() {
        String id = replicatedVolumeWithData();
        assertThat(switchVolume(FailoverAction.FAILOVER, id, FailbackChanges.KEEP))
                .satisfies(r -> {
                    assertThat(r.replicationStatus()).isEqualTo(ReplicationStatus.FAILED_OVER);
                    assertThat(r.fencedBy()).isEqualTo(FencedBy.PLANNED);
                });
        data.write(id, "secondary", 8192, 64 * 1024);
        String target = data.checksum(id, "secondary");
        assertThat(data.checksum(id, "primary")).as("nothing flows back on its own").isNotEqualTo(target);

        VolumesSwitched.Result back = switchVolume(FailoverAction.FAILBACK, id, FailbackChanges.KEEP);

        assertThat(back.replicationStatus()).isEqualTo(ReplicationStatus.ENABLED);
        assertThat(back.lostBytes()).isZero();
        assertThat(data.checksum(id, "primary")).isEqualTo(target);
        assertThat(data.checksum(id, "secondary")).isEqualTo(target);
    }

    @Test
    void aFailbackDiscardingChangesLeavesThePrimarysOldData() {
        String id = replicatedVolumeWithData();
        String before = data.checksum(id, "primary");
        switchVolume(FailoverAction.FAILOVER, id, FailbackChanges.KEEP);
        data.write(id, "secondary", 0, 128 * 1024);

        VolumesSwitched.Result back = switchVolume(FailoverAction.FAILBACK, id, FailbackChanges.DISCARD);

        assertThat(back.replicationStatus()).isEqualTo(ReplicationStatus.ENABLED);
        assertThat(back.lostBytes()).as("the blocks the target changed").isPositive();
        assertThat(data.checksum(id, "primary")).isEqualTo(before);
        assertThat(data.checksum(id, "secondary")).isEqualTo(before);
    }

    @Test
    void aReprotectReplicatesTheTargetsWritesToTheOldPrimary() {
        String id = replicatedVolumeWithData();
        switchVolume(FailoverAction.FAILOVER, id, FailbackChanges.KEEP);
        data.write(id, "secondary", 4096, 32 * 1024);

        VolumesSwitched.Result reprotected = switchVolume(FailoverAction.REPROTECT, id, FailbackChanges.KEEP);

        assertThat(reprotected.replicationStatus()).isEqualTo(ReplicationStatus.ENABLED);
        assertThat(reprotected.error()).isNull();
        assertThat(data.checksum(id, "primary")).isEqualTo(data.checksum(id, "secondary"));
        byte[] later = data.write(id, "secondary", 512 * 1024, 16 * 1024);
        assertThat(data.read(id, "primary", 512 * 1024, later.length)).as("the old primary is the replica now")
                .isEqualTo(later);

        assertThat(switchVolume(FailoverAction.FAILBACK, id, FailbackChanges.KEEP).replicationStatus())
                .isEqualTo(ReplicationStatus.ENABLED);
        byte[] home = data.write(id, "primary", 0, 4096);
        assertThat(data.read(id, "secondary", 0, home.length)).as("roles swapped back").isEqualTo(home);
    }

    @Test
    void aReprotectOfAVolumeThatWasNotFailedOverFailsForThatVolume() {
        String id = replicatedVolumeWithData();

        VolumesSwitched.Result result = switchVolume(FailoverAction.REPROTECT, id, FailbackChanges.KEEP);

        assertThat(result.replicationStatus()).isEqualTo(ReplicationStatus.ENABLED);
        assertThat(result.error()).contains("not failed over");
    }

    /** A sync volume on fast (replicating to site-b) with some data on both arrays. */
    private String replicatedVolumeWithData() {
        String id = UUID.randomUUID().toString();
        bus.command(id, new CreateVolumeOnBackend(id, "project-1", 1, BACKEND + "#pool-a",
                "type-1", SYNC));
        bus.event(ReplicationEnabled.TYPE, id, ReplicationEnabled.class);
        data.write(id, "primary", 0, 256 * 1024);
        assertThat(data.checksum(id, "secondary")).isEqualTo(data.checksum(id, "primary"));
        return id;
    }

    private VolumesSwitched.Result switchVolume(FailoverAction action, String id, FailbackChanges changes) {
        String operation = UUID.randomUUID().toString();
        SwitchVolumes command = new SwitchVolumes(operation, BACKEND, action, "site-b", false, List.of(id), changes,
                ReplicationScope.VOLUME, id);
        bus.command(command.subject(), command);
        return bus.switched(operation).results().get(0);
    }
}
