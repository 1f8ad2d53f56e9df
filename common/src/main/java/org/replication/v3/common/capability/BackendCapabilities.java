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
 * <p>
 * {@code reportedBy} and {@code arrayReachable} were added to v1 the same way: the targets' {@code reachable} is
 * what the reporting instance reaches, so a reader needs to know which instance that was; a report without them
 * reads as "some instance, array state unknown".
 *
 * @param replicationEnabled whether the backend replicates at all (it has at least one target)
 * @param reportedBy         the volume-service instance that sent the report ({@code volume.instance}); null from
 *                           a volume-service that predates the field
 * @param arrayReachable     whether the backend's own array answered that instance (null: unknown). Informative:
 *                           a failover is needed exactly when it does not
 * @param array              the array the backend's volumes live on, by the name the array reports (null: not
 *                           said; added to v1 for cross-cloud import, which looks for a backend on the array a
 *                           replica lives on)
 */
public record BackendCapabilities(String host, String volumeBackendName, String vendorName, String driverVersion,
        String storageProtocol, String availabilityZone, Instant reportedAt, List<PoolCapabilities> pools,
        Map<String, String> capabilities, boolean replicationEnabled, List<ReplicationTarget> replicationTargets,
        String reportedBy, Boolean arrayReachable, String array)
        implements DomainEvent {

    public static final String TYPE = "backend.capabilities-reported.v1";

    public BackendCapabilities {
        replicationTargets = replicationTargets == null ? List.of() : List.copyOf(replicationTargets);
    }

    /** A report that does not say who sent it or whether its array answered (as published before those fields). */
    public BackendCapabilities(String host, String volumeBackendName, String vendorName, String driverVersion,
            String storageProtocol, String availabilityZone, Instant reportedAt, List<PoolCapabilities> pools,
            Map<String, String> capabilities, boolean replicationEnabled, List<ReplicationTarget> replicationTargets) {
        this(host, volumeBackendName, vendorName, driverVersion, storageProtocol, availabilityZone, reportedAt, pools,
                capabilities, replicationEnabled, replicationTargets, null, null, null);
    }

    /** A report that does not name its array (as published before that field). */
    public BackendCapabilities(String host, String volumeBackendName, String vendorName, String driverVersion,
            String storageProtocol, String availabilityZone, Instant reportedAt, List<PoolCapabilities> pools,
            Map<String, String> capabilities, boolean replicationEnabled, List<ReplicationTarget> replicationTargets,
            String reportedBy, Boolean arrayReachable) {
        this(host, volumeBackendName, vendorName, driverVersion, storageProtocol, availabilityZone, reportedAt, pools,
                capabilities, replicationEnabled, replicationTargets, reportedBy, arrayReachable, null);
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
