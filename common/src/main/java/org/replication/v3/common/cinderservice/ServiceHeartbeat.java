package org.replication.v3.common.cinderservice;

import java.time.Instant;
import org.replication.v3.common.messaging.DomainEvent;

/**
 * A running service saying it is alive, as Cinder's periodic service report. A service whose last heartbeat is
 * older than the configured down time is {@code down}. Heartbeats are snapshots, sent straight to Kafka.
 *
 * @param binary             {@link ServiceBinary}: cinder-volume (one per host@backend) or cinder-scheduler
 * @param host               where it runs: {@code host@backend} for a volume service, the host for others
 * @param availabilityZone   the zone it serves
 * @param replicationEnabled whether the backend's driver replicates (volume services); null when it has no say
 */
public record ServiceHeartbeat(String binary, String host, String availabilityZone, Boolean replicationEnabled,
        Instant reportedAt) implements DomainEvent {

    public static final String TYPE = "service.heartbeat.v1";

    @Override
    public String eventType() {
        return TYPE;
    }

    @Override
    public String subject() {
        return ServiceBinary.key(binary, host);
    }
}
