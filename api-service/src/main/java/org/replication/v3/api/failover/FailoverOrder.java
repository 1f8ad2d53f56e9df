package org.replication.v3.api.failover;

import java.util.List;
import java.util.UUID;
import org.replication.v3.common.failover.FailbackChanges;
import org.replication.v3.common.failover.FailoverAction;
import org.replication.v3.common.replication.ReplicationScope;

/**
 * A validated failover or failback request, whichever API it came through (the replication API, os-services or
 * a group action).
 *
 * @param target  the target's backend_id; null leaves the choice to each volume's configured target
 * @param changes failback only: keep or discard what was written on the target while failed over
 */
public record FailoverOrder(FailoverAction action, ReplicationScope scope, List<String> resources, String target,
        boolean force, String reason, boolean dryRun, FailbackChanges changes) {

    /** Cinder's backend_id for the primary: os-services and group failovers to it are failbacks. */
    public static final String PRIMARY = "default";

    public FailoverOrder {
        resources = List.copyOf(resources);
        changes = FailbackChanges.orKeep(changes);
    }

    /** An order whose failback keeps the target's changes (Cinder's calls have no choice). */
    public FailoverOrder(FailoverAction action, ReplicationScope scope, List<String> resources, String target,
            boolean force, String reason, boolean dryRun) {
        this(action, scope, resources, target, force, reason, dryRun, FailbackChanges.KEEP);
    }

    /** The resources as ids: a volume or group scope names them so (the request parser checked they are UUIDs). */
    public List<UUID> ids() {
        return resources.stream().map(UUID::fromString).toList();
    }
}
