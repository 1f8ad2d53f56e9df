package org.replication.v3.api.backend;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.replication.v3.common.capability.PoolCapabilities;
import org.replication.v3.common.replication.ReplicationTarget;

/**
 * A backend's latest capability report as stored, read for get_pools, capabilities and backend_state, and by a
 * cross-cloud import for the backend on a replica's array ({@code array}: null when the backend does not say).
 */
public record BackendReport(String host, String volumeBackendName, String vendorName, String driverVersion,
        String storageProtocol, String availabilityZone, List<PoolCapabilities> pools,
        Map<String, String> capabilities, Instant reportedAt, boolean replicationEnabled,
        List<ReplicationTarget> replicationTargets, String array) {

    /** Whether the backend still reports: its last report is at most {@code downTime} old. */
    public boolean up(Instant now, Duration downTime) {
        return !reportedAt.isBefore(now.minus(downTime));
    }
}
