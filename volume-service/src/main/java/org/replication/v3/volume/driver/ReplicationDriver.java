package org.replication.v3.volume.driver;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.replication.v3.common.replication.ReplicationTarget;

/**
 * What a vendor implements for replication, beside {@link VolumeDriver}, shaped like Cinder's replication driver
 * methods (enable/disable/failover_replication for groups, failover and failover_completed for a host) but for
 * every scope. It acts on the arrays and returns per-volume updates; it never writes this service's database.
 * Methods block (array I/O) and are called on worker threads. Every method is idempotent: the workflows that
 * call them retry after a crash.
 */
public interface ReplicationDriver {

    /** The targets this backend can replicate to, reported in its capabilities as {@code replication_targets}. */
    List<ReplicationTarget> targets();

    /**
     * Whether the backend's own array answers this process, reported beside the targets' reachability; null when
     * the driver cannot tell. Informative only: a failover is needed exactly when it does not answer.
     */
    default Boolean arrayReachable() {
        return null;
    }

    /** Starts replicating the request's volumes (after an initial copy); one update per volume. */
    List<VolumeReplicationUpdate> enableReplication(ReplicationRequest request);

    /**
     * Called once at start for the volumes this service recorded as replicated on this backend (Cinder's
     * {@code init_host} / {@code ensure_export}): rebuilds each volume's replication in the recorded state, the
     * side that serves it and, for a failed-over volume, the primary fenced, so that a failover, failback or
     * reprotect after a restart acts on the volume as it was. Unlike {@link #enableReplication} it copies no data
     * unless the serving side may hold writes its replica lacks, and never towards a fenced side. Idempotent: a
     * volume already replicated is reported with nothing copied. One answer per volume.
     */
    List<RestoredReplica> restoreReplication(List<ReplicaState> volumes);

    /** Stops replicating them; the target's copies are left in place. */
    List<VolumeReplicationUpdate> disableReplication(ReplicationRequest request);

    /** Stops replicating a volume that is being deleted and removes its copy on the target; absent is fine. */
    void deleteReplica(String volumeId);

    /**
     * Makes the target serve the request's volumes (Cinder's failover). Planned when the primary answers (nothing
     * lost), unplanned otherwise; each volume's update says what it lost and who fenced the old primary. The old
     * primary gets none of the target's writes afterwards: resyncing it is the operator's call (reprotect or
     * failback), never automatic.
     */
    FailoverResult failover(ReplicationRequest request);

    /**
     * Makes the primary serve the request's volumes again, both sides answering (never forced). With the request's
     * {@code changes} = keep, the primary first gets what the target wrote while failed over (discarding what the
     * primary had not passed on), so nothing is lost; with discard, the primary's data as it was wins and each
     * update's lost bytes count what the target's copy dropped. Replication then runs from the primary again.
     */
    FailoverResult failback(ReplicationRequest request);

    /**
     * Reverses the replication of failed-over volumes: the old primary gets every block it lacks from the target
     * and becomes its replica, so the target (still serving, the result's active backend) is protected again. A
     * volume the target does not serve is an error for that volume; one already reprotected is reported again.
     */
    FailoverResult reprotect(ReplicationRequest request);

    /** How far behind each replicated volume's replica is, by volume id. */
    Map<String, ReplicationLag> lag();

    /**
     * What another cloud needs to import each failed-over volume's replica (the driver's part of a cross-cloud
     * export), one answer per volume in order: the replica's identity on the array that serves it, or an error for a
     * volume this driver does not replicate or whose replica does not serve (not failed over). Reads only.
     */
    List<ExportedReplica> exportReplicas(List<String> volumeIds);

    /**
     * Records each export (document id and digest) on the array of the volume's replica, where the importing cloud
     * checks it; idempotent. Returns the volumes not recorded, with why (empty: all were).
     */
    Map<String, String> recordExports(List<ExportRecord> exports);

    /**
     * Forgets the volumes (exported and cleared from this cloud): no array call, the arrays keep the data and the
     * replicas' roles and fences as they are.
     */
    void forgetReplicas(List<String> volumeIds);

    /**
     * The driver's periodic duties (shipping async changes, its mediator's watch), called every replication tick;
     * returns what its mediator decided on its own since the last call.
     */
    default List<MediatorDecision> housekeeping() {
        return List.of();
    }

    /**
     * How far the driver has read its mediator's decisions, after {@link #housekeeping}: the caller stores it with
     * the decisions it reported (one transaction) and hands it back through {@link #resumeMediatorAfter} after a
     * restart, so that no decision is lost or reported twice. Empty: the driver has no mediator to read.
     */
    default OptionalLong mediatorCursor() {
        return OptionalLong.empty();
    }

    /** Called at start, before the first {@link #housekeeping}, with the cursor stored last (0: none). */
    default void resumeMediatorAfter(long cursor) {
    }
}
