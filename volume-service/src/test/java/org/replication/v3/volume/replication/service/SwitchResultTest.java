package org.replication.v3.volume.replication.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.replication.v3.common.failover.FencedBy;
import org.replication.v3.common.failover.VolumesSwitched;
import org.replication.v3.common.replication.ReplicationStatus;
import org.replication.v3.volume.driver.VolumeReplicationUpdate;

/** What a driver says of one switched volume reaches the VolumesSwitched event whole, data at risk included. */
class SwitchResultTest {

    private static final Instant CONSISTENT = Instant.parse("2026-12-01T09:29:15Z");
    private static final Instant REPORTED = Instant.parse("2026-12-01T09:29:58Z");

    @Test
    void theDataAtRiskOfAnUnplannedAsyncFailoverIsCopiedIntoTheResult() {
        VolumeReplicationUpdate update = new VolumeReplicationUpdate("v1", ReplicationStatus.FAILED_OVER, 8192,
                CONSISTENT, null, FencedBy.DRIVER, 8192L, REPORTED, 43.0);

        assertThat(VolumeSwitching.result(update)).isEqualTo(new VolumesSwitched.Result("v1",
                ReplicationStatus.FAILED_OVER, 8192, CONSISTENT, null, FencedBy.DRIVER, 8192L, REPORTED, 43.0));
    }

    @Test
    void aDriverThatDoesNotKnowLeavesThemNull() {
        VolumesSwitched.Result result = VolumeSwitching.result(new VolumeReplicationUpdate("v1",
                ReplicationStatus.FAILED_OVER, 0, CONSISTENT, null, FencedBy.PLANNED));

        assertThat(result.atRiskBytes()).isNull();
        assertThat(result.atRiskAsOf()).isNull();
        assertThat(result.lagAtLossSeconds()).isNull();
        assertThat(result.fencedBy()).isEqualTo(FencedBy.PLANNED);
    }
}
