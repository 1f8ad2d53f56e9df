package org.replication.v3.volume.driver;

import java.util.List;
import org.replication.v3.common.failover.FailbackChanges;
import org.replication.v3.common.replication.ReplicationScope;

/**
 * One replication action on one scope: which unit (a volume, a group, a pool, the whole backend), towards which
 * target, and the volumes that unit holds.
 *
 * @param newVolumes the volumes were just created and hold no data, so enabling needs no initial copy
 * @param force      the operator acknowledges an unreachable primary is really lost (unplanned sync failover)
 * @param changes    failback only: keep the writes made on the target while failed over, or discard them
 */
public record ReplicationRequest(ReplicationScope scope, String scopeId, String targetBackendId,
        List<ReplicatedVolume> volumes, boolean newVolumes, boolean force, FailbackChanges changes) {

    public ReplicationRequest {
        volumes = List.copyOf(volumes);
        changes = FailbackChanges.orKeep(changes);
    }

    public ReplicationRequest(ReplicationScope scope, String scopeId, String targetBackendId,
            List<ReplicatedVolume> volumes, boolean newVolumes, boolean force) {
        this(scope, scopeId, targetBackendId, volumes, newVolumes, force, FailbackChanges.KEEP);
    }

    public ReplicationRequest(ReplicationScope scope, String scopeId, String targetBackendId,
            List<ReplicatedVolume> volumes) {
        this(scope, scopeId, targetBackendId, volumes, false, false);
    }
}
