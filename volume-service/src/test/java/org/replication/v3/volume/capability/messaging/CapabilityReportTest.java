package org.replication.v3.volume.capability.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.replication.v3.common.capability.BackendCapabilities;
import org.replication.v3.common.capability.PoolCapabilities;
import org.replication.v3.common.messaging.TopicNames;
import org.replication.v3.common.replication.ReplicationMode;
import org.replication.v3.common.replication.ReplicationScope;
import org.replication.v3.volume.support.VolumeServiceBus;

@QuarkusTest
class CapabilityReportTest {

    @Inject
    VolumeServiceBus bus;
    @Inject
    TopicNames topics;

    @Test
    void eachBackendReportsItsPoolsAndBackendNameUnderHostAtBackend() {
        BackendCapabilities report = bus.report(topics.backendCapabilities(), "node1@fast", BackendCapabilities.class);

        assertThat(report.volumeBackendName()).isEqualTo("fast");
        assertThat(report.reportedBy()).as("volume.instance, by default").isEqualTo("node1");
        assertThat(report.arrayReachable()).isTrue();
        assertThat(report.array()).as("the array's name, as the array reports it").isEqualTo("fast");
        assertThat(report.capabilities()).containsEntry("volume_backend_name", "fast");
        assertThat(report.pools()).extracting(PoolCapabilities::name).containsExactlyInAnyOrder("pool-a", "pool-b");
        assertThat(report.pools()).allSatisfy(pool -> {
            assertThat(pool.totalCapacityGb()).isEqualTo(1000);
            assertThat(pool.freeCapacityGb()).isLessThanOrEqualTo(pool.totalCapacityGb());
        });
    }

    @Test
    void fastReportsItsTargetAndThatPoolBIsReplicatedAsAWhole() {
        BackendCapabilities report = bus.report(topics.backendCapabilities(), "node1@fast", BackendCapabilities.class);

        assertThat(report.replicationEnabled()).isTrue();
        assertThat(report.replicationTargets()).singleElement().satisfies(target -> {
            assertThat(target.backendId()).isEqualTo("site-b");
            assertThat(target.modes()).containsExactlyInAnyOrder(ReplicationMode.SYNC, ReplicationMode.ASYNC);
            assertThat(target.mediator()).isTrue();
            assertThat(target.availabilityZone()).isEqualTo("az-2");
        });
        assertThat(report.pools()).filteredOn(pool -> pool.name().equals("pool-b"))
                .singleElement().satisfies(pool -> {
                    assertThat(pool.replicatedAsWhole()).isTrue();
                    assertThat(pool.replication().scope()).isEqualTo(ReplicationScope.POOL);
                });
        assertThat(report.pools()).filteredOn(pool -> pool.name().equals("pool-a"))
                .singleElement().satisfies(pool -> {
                    assertThat(pool.replicatedAsWhole()).isFalse();
                    assertThat(pool.replication().target()).isEqualTo("site-b");
                });
    }
}
