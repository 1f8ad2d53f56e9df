package org.replication.v3.volume.driver;

import java.util.List;

/** A failover's or failback's outcome: the backend now serving (null = the primary) and each volume's update. */
public record FailoverResult(String activeBackendId, List<VolumeReplicationUpdate> volumes) {

    public FailoverResult {
        volumes = List.copyOf(volumes);
    }
}
