package org.replication.v3.common.capability;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.replication.v3.common.messaging.DomainEvent;
import org.replication.v3.common.replication.ReplicationTarget;

/**
 * A backend's periodic report: identity, capacity per pool and capabilities the scheduler matches extra specs
 * against, and its replication targets. {@code host} is host@backend.
 * <p>
 * The replication fields were added to v1 without a new type: a report from a volume-service that predates them
 * reads as a backend without targets, so readers of either age keep working.
 *
 * @param replicationEnabled whether the backend replicates at all (it has at least one target)
 */
public record BackendCapabilities(String host, String volumeBackendName, String vendorName, String driverVersion,
        String storageProtocol, String availabilityZone, Instant reportedAt, List<PoolCapabilities> pools,
        Map<String, String> capabilities, boolean replicationEnabled, List<ReplicationTarget> replicationTargets)
        implements DomainEvent {

    public static final String TYPE = "backend.capabilities-reported.v1";

    public BackendCapabilities {
        replicationTargets = replicationTargets == null ? List.of() : List.copyOf(replicationTargets);
    }

    @Override
    public String eventType() {
        return TYPE;
    }

    @Override
    public String subject() {
        return host;
    }
}
