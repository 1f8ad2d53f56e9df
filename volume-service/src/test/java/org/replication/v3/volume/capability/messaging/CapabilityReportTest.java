package org.replication.v3.volume.capability.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.replication.v3.common.capability.BackendCapabilities;
import org.replication.v3.common.capability.PoolCapabilities;
import org.replication.v3.common.messaging.EventCodec;
import org.replication.v3.common.messaging.TopicNames;
import org.replication.v3.common.replication.ReplicationMode;
import org.replication.v3.common.replication.ReplicationScope;
import org.replication.v3.testinfra.KafkaResource;
import org.replication.v3.testinfra.PostgresResource;
import org.replication.v3.testinfra.TopicReader;

@QuarkusTest
@QuarkusTestResource(value = KafkaResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = false)
class CapabilityReportTest {

    @Inject
    EventCodec codec;
    @Inject
    TopicNames topics;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void eachBackendReportsItsPoolsAndBackendNameUnderHostAtBackend() {
        try (TopicReader reports = new TopicReader(bootstrap, topics.backendCapabilities())) {
            var record = reports.await(r -> "node1@fast".equals(r.key()), Duration.ofSeconds(30));

            BackendCapabilities report = codec.data(codec.decode(record.value()), BackendCapabilities.class);
            assertThat(report.volumeBackendName()).isEqualTo("fast");
            assertThat(report.capabilities()).containsEntry("volume_backend_name", "fast");
            assertThat(report.pools()).extracting(PoolCapabilities::name).containsExactlyInAnyOrder("pool-a", "pool-b");
            assertThat(report.pools()).allSatisfy(pool -> {
                assertThat(pool.totalCapacityGb()).isEqualTo(1000);
                assertThat(pool.freeCapacityGb()).isLessThanOrEqualTo(pool.totalCapacityGb());
            });
        }
    }

    @Test
    void fastReportsItsTargetAndThatPoolBIsReplicatedAsAWhole() {
        try (TopicReader reports = new TopicReader(bootstrap, topics.backendCapabilities())) {
            var record = reports.await(r -> "node1@fast".equals(r.key()), Duration.ofSeconds(30));

            BackendCapabilities report = codec.data(codec.decode(record.value()), BackendCapabilities.class);
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
}
