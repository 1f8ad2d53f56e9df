package org.replication.v3.volume.driver;

import org.replication.v3.common.replication.ReplicationMode;
import org.replication.v3.common.replication.SyncTopology;

/** A volume a replication driver is asked to act on, with its effective replication settings. */
public record ReplicatedVolume(String id, int sizeGb, String pool, ReplicationMode mode, SyncTopology syncTopology,
        boolean mediator, Integer rpoSeconds) {
}
