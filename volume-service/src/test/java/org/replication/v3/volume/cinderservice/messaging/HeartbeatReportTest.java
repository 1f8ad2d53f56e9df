package org.replication.v3.volume.cinderservice.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.replication.v3.common.cinderservice.ServiceBinary;
import org.replication.v3.common.cinderservice.ServiceHeartbeat;
import org.replication.v3.common.messaging.EventCodec;
import org.replication.v3.common.messaging.TopicNames;
import org.replication.v3.testinfra.KafkaResource;
import org.replication.v3.testinfra.PostgresResource;
import org.replication.v3.testinfra.TopicReader;

/** Each configured backend runs its own cinder-volume service, as Cinder does, and says so periodically. */
@QuarkusTest
@QuarkusTestResource(value = KafkaResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = false)
class HeartbeatReportTest {

    @Inject
    EventCodec codec;
    @Inject
    TopicNames topics;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void eachBackendBeatsAsCinderVolumeAtHostAtBackend() {
        try (TopicReader heartbeats = new TopicReader(bootstrap, topics.serviceHeartbeats())) {
            for (String backend : new String[] {"node1@fast", "node1@capacity"}) {
                var record = heartbeats.await(r -> ServiceBinary.key(ServiceBinary.VOLUME, backend).equals(r.key()),
                        Duration.ofSeconds(30));
                ServiceHeartbeat heartbeat = codec.data(codec.decode(record.value()), ServiceHeartbeat.class);
                assertThat(heartbeat.binary()).isEqualTo(ServiceBinary.VOLUME);
                assertThat(heartbeat.host()).isEqualTo(backend);
                assertThat(heartbeat.availabilityZone()).isEqualTo("nova");
                assertThat(heartbeat.replicationEnabled()).as("both replicate by default").isTrue();
                assertThat(heartbeat.reportedAt()).isBefore(Instant.now().plusSeconds(1));
            }
        }
    }
}
