package org.replication.v3.volume.driver;

/**
 * What this service recorded of a volume it replicates, handed to {@link ReplicationDriver#restoreReplication} at
 * start so that the driver rebuilds the replication as it was.
 *
 * @param targetBackendId the target the volume replicates to
 * @param groupId         the replicated group the volume belongs to, or null (replicated on its own, or unknown)
 * @param servedByTarget  the target serves the volume (failed over, or reprotected)
 * @param primaryFenced   the primary takes no writes and gets none of the target's: failed over, not yet
 *                        reprotected or failed back
 */
public record ReplicaState(ReplicatedVolume volume, String targetBackendId, String groupId, boolean servedByTarget,
        boolean primaryFenced) {
}
