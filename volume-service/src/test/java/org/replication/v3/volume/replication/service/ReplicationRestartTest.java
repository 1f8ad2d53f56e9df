package org.replication.v3.volume.replication.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.replication.v3.volume.support.RestartedService.recorded;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.replication.v3.common.failover.FailbackChanges;
import org.replication.v3.common.failover.FailoverAction;
import org.replication.v3.common.failover.SwitchVolumes;
import org.replication.v3.common.failover.VolumesSwitched;
import org.replication.v3.common.replication.ReplicationEnabled;
import org.replication.v3.common.replication.ReplicationScope;
import org.replication.v3.common.replication.ReplicationStatus;
import org.replication.v3.common.volume.CreateVolumeOnBackend;
import org.replication.v3.volume.backend.Backends;
import org.replication.v3.volume.driver.ReplicationRequest;
import org.replication.v3.volume.driver.filearray.FileArrayReplication;
import org.replication.v3.volume.lifecycle.Volume;
import org.replication.v3.volume.support.DataPlaneClient;
import org.replication.v3.volume.support.RestartedService;
import org.replication.v3.volume.support.VolumeServiceBus;

/**
 * What a restart of volume-service finds: the side serving each volume recorded with its replication status by
 * each switch, and drivers built afresh over the same arrays (as the restarted service builds them) taking the
 * volumes up from that record, with the arrays (real processes) still holding which side serves.
 */
@QuarkusTest
class ReplicationRestartTest {

    private static final String BACKEND = "node1@fast";
    private static final Map<String, String> SYNC = Map.of("replication_enabled", "<is> True",
            "replication_mode", "sync", "replication_mediator", "<is> True");

    @Inject
    RestartedService restart;
    @Inject
    VolumeServiceBus bus;
    private final DataPlaneClient data = new DataPlaneClient(17);

    @Test
    void aVolumeFailedOverBeforeARestartIsServedByItsTargetAfterItAndFailsBackWithItsData() throws Exception {
        String id = replicatedVolumeWithData();
        switchVolume(FailoverAction.FAILOVER, id);
        data.write(id, "secondary", 8192, 64 * 1024);
        String target = data.checksum(id, "secondary");
        assertThat(recorded(id)).satisfies(v -> {
            assertThat(v.replicationStatus).isEqualTo(ReplicationStatus.FAILED_OVER);
            assertThat(v.replicationActiveSide).isEqualTo(Volume.SECONDARY_SIDE);
        });

        FileArrayReplication restarted = restartedService();

        assertThat(restarted.targetOf(id)).contains("site-b");
        assertThat(data.checksum(id, null)).as("the target's data serves").isEqualTo(target);

        assertThat(restarted.failback(new ReplicationRequest(ReplicationScope.VOLUME, id, null,
                List.of(ReplicationMonitor.replicaState(recorded(id)).volume()))).volumes())
                .singleElement().satisfies(v -> {
                    assertThat(v.status()).isEqualTo(ReplicationStatus.ENABLED);
                    assertThat(v.error()).isNull();
                });
        assertThat(data.checksum(id, "primary")).as("failed back keeping the target's writes").isEqualTo(target);
        assertThat(data.checksum(id, "secondary")).isEqualTo(target);
    }

    @Test
    void eachSwitchRecordsTheSideItLeavesServingAndAReprotectedVolumeRestoresServedByItsTarget() {
        String id = replicatedVolumeWithData();
        assertThat(recorded(id).replicationActiveSide).isEqualTo(Volume.PRIMARY_SIDE);
        assertThat(switchVolume(FailoverAction.REPROTECT, id).error()).contains("not failed over");
        assertThat(recorded(id).replicationActiveSide).as("a failed switch leaves it").isEqualTo(Volume.PRIMARY_SIDE);

        switchVolume(FailoverAction.FAILOVER, id);
        assertThat(switchVolume(FailoverAction.REPROTECT, id).replicationStatus()).isEqualTo(ReplicationStatus.ENABLED);
        Volume reprotected = recorded(id);
        assertThat(reprotected.replicationStatus).isEqualTo(ReplicationStatus.ENABLED);
        assertThat(reprotected.replicationActiveSide).as("the target still serves").isEqualTo(Volume.SECONDARY_SIDE);

        FileArrayReplication restarted = RestartedService.replication(restart.backends(), "fast");
        assertThat(restarted.restoreReplication(List.of(ReplicationMonitor.replicaState(reprotected))))
                .singleElement().satisfies(r -> assertThat(r.error()).isNull());
        data.write(id, null, 4096, 4096);
        assertThat(data.checksum(id, "primary")).as("the target replicates to the old primary")
                .isEqualTo(data.checksum(id, "secondary"));

        switchVolume(FailoverAction.FAILBACK, id);
        assertThat(recorded(id).replicationActiveSide).isEqualTo(Volume.PRIMARY_SIDE);
    }

    /**
     * A restarted volume-service: its backends built afresh over the same arrays, and a replication monitor that
     * restores them from the volume rows, as the first tick after a start does. Returns fast's replication driver.
     */
    private FileArrayReplication restartedService() {
        Backends backends = restart.backends();
        RestartedService.restore(restart.monitor(backends));
        return RestartedService.replication(backends, "fast");
    }

    /** A sync volume on fast (replicating to site-b) with some data on both arrays. */
    private String replicatedVolumeWithData() {
        String id = UUID.randomUUID().toString();
        bus.command(id, new CreateVolumeOnBackend(id, "project-1", 1, BACKEND + "#pool-a",
                "type-1", SYNC));
        bus.event(ReplicationEnabled.TYPE, id, ReplicationEnabled.class);
        data.write(id, "primary", 0, 256 * 1024);
        return id;
    }

    private VolumesSwitched.Result switchVolume(FailoverAction action, String id) {
        String operation = UUID.randomUUID().toString();
        SwitchVolumes command = new SwitchVolumes(operation, BACKEND, action, "site-b", false, List.of(id),
                FailbackChanges.KEEP, ReplicationScope.VOLUME, id);
        bus.command(command.subject(), command);
        return bus.switched(operation).results().get(0);
    }
}
