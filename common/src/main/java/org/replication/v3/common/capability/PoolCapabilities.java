package org.replication.v3.common.capability;

import java.util.Map;
import org.replication.v3.common.replication.ReplicationDefaults;

/**
 * Capacity and capabilities of one pool, as Cinder's get_pools reports them.
 *
 * @param replication the backend's replication defaults for this pool (its scope says whether the pool is
 *                    replicated as a whole); {@link ReplicationDefaults#NONE} in reports that predate it
 */
public record PoolCapabilities(
        String name,
        double totalCapacityGb,
        double freeCapacityGb,
        double allocatedCapacityGb,
        boolean thinProvisioningSupport,
        double maxOverSubscriptionRatio,
        int reservedPercentage,
        Map<String, String> capabilities,
        ReplicationDefaults replication) {

    public PoolCapabilities {
        replication = replication == null ? ReplicationDefaults.NONE : replication;
    }

    /** Whether every volume placed in this pool is replicated, by a pool- or backend-wide replication. */
    public boolean replicatedAsWhole() {
        return replication.coversWholeLocation();
    }
}
