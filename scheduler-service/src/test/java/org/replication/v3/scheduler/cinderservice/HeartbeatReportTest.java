package org.replication.v3.scheduler.cinderservice;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.replication.v3.common.cinderservice.ServiceBinary;
import org.replication.v3.common.cinderservice.ServiceHeartbeat;
import org.replication.v3.common.messaging.EventCodec;
import org.replication.v3.common.messaging.TopicNames;
import org.replication.v3.scheduler.config.SchedulerConfig;
import org.replication.v3.scheduler.support.SchedulerBus;

/** The scheduler says periodically that it is alive, so os-services lists it as cinder-scheduler. */
@QuarkusTest
class HeartbeatReportTest {

    @Inject
    EventCodec codec;
    @Inject
    TopicNames topics;
    @Inject
    SchedulerBus bus;
    @Inject
    SchedulerConfig config;

    @Test
    void schedulerBeatsAsCinderSchedulerAtItsHost() {
        String host = config.host();
        var record = bus.awaitRecord(topics.serviceHeartbeats(),
                r -> ServiceBinary.key(ServiceBinary.SCHEDULER, host).equals(r.key()));
        ServiceHeartbeat heartbeat = codec.data(codec.decode(record.value()), ServiceHeartbeat.class);
        assertThat(heartbeat.host()).isEqualTo(host);
        assertThat(heartbeat.availabilityZone()).isEqualTo("nova");
        assertThat(heartbeat.replicationEnabled()).isNull();
    }
}
