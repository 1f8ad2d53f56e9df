package org.replication.v3.volume.driver;

import java.util.List;
import java.util.Map;

/** A driver's capacity and capability report, as Cinder's {@code get_volume_stats}. */
public record BackendStats(String vendorName, String driverVersion, String storageProtocol, List<PoolStats> pools,
        Map<String, String> capabilities) {

    public record PoolStats(String name, double totalCapacityGb, double allocatedCapacityGb,
            boolean thinProvisioningSupport) {

        public double freeCapacityGb() {
            return Math.max(0, totalCapacityGb - allocatedCapacityGb);
        }
    }
}
