package org.replication.v3.volume.cinderservice.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.replication.v3.common.cinderservice.ServiceBinary;
import org.replication.v3.common.cinderservice.ServiceHeartbeat;
import org.replication.v3.common.messaging.TopicNames;
import org.replication.v3.volume.support.VolumeServiceBus;

/** Each configured backend runs its own cinder-volume service, as Cinder does, and says so periodically. */
@QuarkusTest
class HeartbeatReportTest {

    @Inject
    VolumeServiceBus bus;
    @Inject
    TopicNames topics;

    @Test
    void eachBackendBeatsAsCinderVolumeAtHostAtBackend() {
        for (String backend : new String[] {"node1@fast", "node1@capacity"}) {
            ServiceHeartbeat heartbeat = bus.report(topics.serviceHeartbeats(),
                    ServiceBinary.key(ServiceBinary.VOLUME, backend), ServiceHeartbeat.class);
            assertThat(heartbeat.binary()).isEqualTo(ServiceBinary.VOLUME);
            assertThat(heartbeat.host()).isEqualTo(backend);
            assertThat(heartbeat.availabilityZone()).isEqualTo("nova");
            assertThat(heartbeat.replicationEnabled()).as("both replicate by default").isTrue();
            assertThat(heartbeat.reportedAt()).isBefore(Instant.now().plusSeconds(1));
        }
    }
}
