package org.replication.v3.replication.volume;

import org.replication.v3.common.replication.ReplicationMode;
import org.replication.v3.common.replication.ReplicationStatus;

/**
 * A replicated volume as a failover plans it: a plain value read from {@link ReplicatedVolume}, not a managed
 * entity, so that planning a backend of 10,000 volumes does not fill the session with entities to dirty-check.
 *
 * @param host              host@backend#pool: the pool it lives in
 * @param backendHost       host@backend: the volume-service and backend that switch it
 * @param replicationStatus as Cinder spells it
 * @param activeBackendId   the target serving it after a failover or reprotect; null while its primary serves it
 */
public record VolumeReplica(String volumeId, String host, String backendHost, String groupId, String mode,
        String target, boolean mediator, Integer rpoSeconds, String replicationStatus, String activeBackendId) {

    public boolean async() {
        return ReplicationMode.ASYNC.value().equals(mode);
    }

    public boolean failedOver() {
        return ReplicationStatus.FAILED_OVER.value().equals(replicationStatus);
    }

    /** Replication stopped (a group's disable_replication): there is no replica to fail over to. */
    public boolean disabled() {
        return ReplicationStatus.DISABLED.value().equals(replicationStatus);
    }

    /** Replicated again after a failover, from the target (its active backend) towards the old primary. */
    public boolean reprotected() {
        return ReplicationStatus.ENABLED.value().equals(replicationStatus) && activeBackendId != null;
    }

    /** Served by its primary and replicating to its target: nothing to fail back or reprotect. */
    public boolean atPrimary() {
        return ReplicationStatus.ENABLED.value().equals(replicationStatus) && activeBackendId == null;
    }
}
