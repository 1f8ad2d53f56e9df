package org.replication.v3.common.failover;

import java.util.List;
import org.replication.v3.common.messaging.DomainEvent;
import org.replication.v3.common.replication.ReplicationScope;

/**
 * A request to fail over (or back) one scope, from the API or from the replication-service itself (automatic).
 *
 * @param resources    volume or group ids, or {@code host@backend[#pool]} for pool and backend scopes
 * @param target       the target's backend_id; null means the only (or configured) target
 * @param force        the operator acknowledges an unreachable primary is lost (fences it)
 * @param dryRun       plan only: which volumes, which workflow, what it would cost
 * @param requestedBy  user id, or "replication-service" for an automatic failover
 * @param changes      failback only: keep or discard the target's writes (absent: keep)
 */
public record FailoverRequested(String operationId, FailoverAction action, ReplicationScope scope,
        List<String> resources, String target, boolean force, String reason, boolean dryRun, String requestedBy,
        boolean automatic, FailbackChanges changes) implements DomainEvent {

    public static final String TYPE = "replication.failover-requested.v1";

    public FailoverRequested {
        resources = List.copyOf(resources);
        changes = FailbackChanges.orKeep(changes);
    }

    /** A request that keeps the target's changes on failback (every failover, reprotect, legacy call). */
    public FailoverRequested(String operationId, FailoverAction action, ReplicationScope scope,
            List<String> resources, String target, boolean force, String reason, boolean dryRun, String requestedBy,
            boolean automatic) {
        this(operationId, action, scope, resources, target, force, reason, dryRun, requestedBy, automatic,
                FailbackChanges.KEEP);
    }

    @Override
    public String eventType() {
        return TYPE;
    }

    @Override
    public String subject() {
        return operationId;
    }
}
