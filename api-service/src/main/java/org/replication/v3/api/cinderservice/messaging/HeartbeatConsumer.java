package org.replication.v3.api.cinderservice.messaging;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.replication.v3.api.cinderservice.repository.CinderServiceRepository;
import org.replication.v3.common.cinderservice.ServiceHeartbeat;
import org.replication.v3.common.messaging.Channels;
import org.replication.v3.common.messaging.ConsumerRetry;
import org.replication.v3.common.messaging.EventCodec;
import org.replication.v3.common.messaging.EventEnvelope;
import org.replication.v3.common.messaging.MalformedEventException;

/**
 * Registers services and keeps them alive from their heartbeats. A heartbeat is a snapshot that the newest one
 * supersedes, so no inbox is needed.
 */
@ApplicationScoped
public class HeartbeatConsumer {

    private static final Logger LOG = Logger.getLogger(HeartbeatConsumer.class);

    private final EventCodec codec;
    private final CinderServiceRepository services;
    private final ConsumerRetry retry;

    public HeartbeatConsumer(EventCodec codec, CinderServiceRepository services, ConsumerRetry retry) {
        this.codec = codec;
        this.services = services;
        this.retry = retry;
    }

    @Incoming(Channels.SERVICE_HEARTBEATS_IN)
    public Uni<Void> onHeartbeat(String record) {
        return retry.run(() -> {
            EventEnvelope event = codec.decode(record);
            if (!ServiceHeartbeat.TYPE.equals(event.type())) {
                LOG.warnf("event %s of unknown type %s (subject %s) skipped", event.id(), event.type(), event.subject());
                return Uni.createFrom().voidItem();
            }
            ServiceHeartbeat heartbeat = codec.data(event, ServiceHeartbeat.class);
            if (heartbeat.binary() == null || heartbeat.host() == null || heartbeat.availabilityZone() == null
                    || heartbeat.reportedAt() == null) {
                throw new MalformedEventException("heartbeat " + event.id() + " without binary, host, zone or time",
                        null);
            }
            return services.heartbeat(heartbeat)
                    .invoke(stored -> LOG.debugf("service %s %s: heartbeat of %s %s", heartbeat.binary(),
                            heartbeat.host(), heartbeat.reportedAt(), stored ? "stored" : "older; skipped"))
                    .replaceWithVoid();
        });
    }
}
