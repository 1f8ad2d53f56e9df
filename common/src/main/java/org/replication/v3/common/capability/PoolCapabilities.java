package org.replication.v3.common.capability;

import java.util.Map;

/** Capacity and capabilities of one pool, as Cinder's get_pools reports them. */
public record PoolCapabilities(
        String name,
        double totalCapacityGb,
        double freeCapacityGb,
        double allocatedCapacityGb,
        boolean thinProvisioningSupport,
        double maxOverSubscriptionRatio,
        int reservedPercentage,
        Map<String, String> capabilities) {
}
