package org.replication.v3.volume.driver;

import java.util.List;
import org.replication.v3.common.replication.ReplicationScope;

/**
 * One replication action on one scope: which unit (a volume, a group, a pool, the whole backend), towards which
 * target, and the volumes that unit holds.
 *
 * @param newVolumes the volumes were just created and hold no data, so enabling needs no initial copy
 * @param force      the operator acknowledges an unreachable primary is really lost (unplanned sync failover)
 */
public record ReplicationRequest(ReplicationScope scope, String scopeId, String targetBackendId,
        List<ReplicatedVolume> volumes, boolean newVolumes, boolean force) {

    public ReplicationRequest {
        volumes = List.copyOf(volumes);
    }

    public ReplicationRequest(ReplicationScope scope, String scopeId, String targetBackendId,
            List<ReplicatedVolume> volumes) {
        this(scope, scopeId, targetBackendId, volumes, false, false);
    }
}
