package org.replication.v3.scheduler.cinderservice.messaging;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.replication.v3.common.cinderservice.ServiceBinary;
import org.replication.v3.common.cinderservice.ServiceHeartbeat;
import org.replication.v3.common.messaging.Channels;
import org.replication.v3.common.messaging.EventCodec;
import org.replication.v3.scheduler.config.SchedulerConfig;

/** Says periodically that this scheduler ({@code cinder-scheduler} at its host) is alive, for os-services. */
@ApplicationScoped
public class HeartbeatReporter {

    private final Emitter<String> emitter;
    private final EventCodec codec;
    private final String host;
    private final String availabilityZone;

    public HeartbeatReporter(@Channel(Channels.SERVICE_HEARTBEATS_OUT) Emitter<String> emitter, EventCodec codec,
            SchedulerConfig config) {
        this.emitter = emitter;
        this.codec = codec;
        this.host = config.host();
        this.availabilityZone = config.availabilityZone();
    }

    // Delayed so the first heartbeat does not race the connection of the outgoing channel at start.
    @Scheduled(every = "${scheduler.report-interval}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void beat() {
        ServiceHeartbeat heartbeat = new ServiceHeartbeat(ServiceBinary.SCHEDULER, host, availabilityZone, null,
                Instant.now());
        emitter.send(Message.of(codec.encode(codec.wrap(heartbeat))).addMetadata(
                OutgoingKafkaRecordMetadata.<String>builder().withKey(heartbeat.subject()).build()));
    }
}
