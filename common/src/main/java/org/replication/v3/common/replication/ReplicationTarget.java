package org.replication.v3.common.replication;

import java.util.Set;

/**
 * One replication target a backend reports in its capabilities ({@code replication_targets}): what the scheduler
 * and the replication-service decide placement and failover workflows from.
 *
 * @param backendId        the target's id, as in cinder.conf's {@code replication_device = backend_id:...}
 * @param modes            the modes the pair can run
 * @param crossOs          whether the target sits in another OpenStack deployment
 * @param syncTopologies   the sync topologies the pair supports (empty when it cannot do sync)
 * @param mediator         whether a mediator (witness) watches the pair, allowing automatic failover
 * @param minRpoSeconds    the shortest async RPO the pair can keep (null when it cannot do async)
 * @param availabilityZone where the target is, so an operator sees which targets leave the AZ
 * @param scopes           the scopes the driver can replicate and fail over to this target
 * @param reachable        whether the target array answered when the report was made (null:
 *                         the driver does not say); a failover, failback or reprotect needs a reachable target
 */
public record ReplicationTarget(
        String backendId,
        Set<ReplicationMode> modes,
        boolean crossOs,
        Set<SyncTopology> syncTopologies,
        boolean mediator,
        Integer minRpoSeconds,
        String availabilityZone,
        Set<ReplicationScope> scopes,
        Boolean reachable) {

    /** A target as configured, before any driver has looked at it. */
    public ReplicationTarget(String backendId, Set<ReplicationMode> modes, boolean crossOs,
            Set<SyncTopology> syncTopologies, boolean mediator, Integer minRpoSeconds, String availabilityZone,
            Set<ReplicationScope> scopes) {
        this(backendId, modes, crossOs, syncTopologies, mediator, minRpoSeconds, availabilityZone, scopes, null);
    }

    public ReplicationTarget withReachable(boolean answered) {
        return new ReplicationTarget(backendId, modes, crossOs, syncTopologies, mediator, minRpoSeconds,
                availabilityZone, scopes, answered);
    }

    public ReplicationTarget {
        modes = Set.copyOf(modes);
        syncTopologies = Set.copyOf(syncTopologies);
        scopes = Set.copyOf(scopes);
    }
}
