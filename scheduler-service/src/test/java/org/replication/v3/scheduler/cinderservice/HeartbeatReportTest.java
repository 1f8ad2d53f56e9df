package org.replication.v3.scheduler.cinderservice;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.replication.v3.common.cinderservice.ServiceBinary;
import org.replication.v3.common.cinderservice.ServiceHeartbeat;
import org.replication.v3.common.messaging.EventCodec;
import org.replication.v3.common.messaging.TopicNames;
import org.replication.v3.scheduler.TopicReader;
import org.replication.v3.testinfra.KafkaResource;
import org.replication.v3.testinfra.PostgresResource;

/** The scheduler says periodically that it is alive, so os-services lists it as cinder-scheduler. */
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
    @ConfigProperty(name = "scheduler.host")
    String host;

    @Test
    void schedulerBeatsAsCinderSchedulerAtItsHost() {
        try (TopicReader heartbeats = new TopicReader(bootstrap, topics.serviceHeartbeats())) {
            var record = heartbeats.await(r -> ServiceBinary.key(ServiceBinary.SCHEDULER, host).equals(r.key()),
                    Duration.ofSeconds(30));
            ServiceHeartbeat heartbeat = codec.data(codec.decode(record.value()), ServiceHeartbeat.class);
            assertThat(heartbeat.host()).isEqualTo(host);
            assertThat(heartbeat.availabilityZone()).isEqualTo("nova");
            assertThat(heartbeat.replicationEnabled()).isNull();
        }
    }
}
