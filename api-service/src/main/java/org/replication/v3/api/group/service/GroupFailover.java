package org.replication.v3.api.group.service;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.replication.v3.api.failover.FailoverOperation;
import org.replication.v3.api.group.Group;
import org.replication.v3.api.group.repository.GroupRepository;
import org.replication.v3.api.http.CinderTime;
import org.replication.v3.api.validation.Uuids;
import org.replication.v3.common.failover.FailoverAction;
import org.replication.v3.common.replication.ReplicationStatus;

/**
 * What a group-scope failover or failback operation means for its groups' replication_status, as Cinder's
 * failover_replication writes it: {@code failing-over} while it runs (whoever started it: the group action, the
 * replication API), then {@code failed-over}, {@code enabled} after a failback, {@code error} when a volume did not
 * switch (the group is no longer in one place), or what it was before when the operation was refused. Runs in the
 * transaction of the operation's event.
 */
@ApplicationScoped
public class GroupFailover {

    private static final Logger LOG = Logger.getLogger(GroupFailover.class);

    private final GroupRepository groups;

    public GroupFailover(GroupRepository groups) {
        this.groups = groups;
    }

    public Uni<Void> running(FailoverOperation operation) {
        Instant now = CinderTime.now();
        return each(operation, (group, id) -> {
            if (group.failingOver(now)) {
                LOG.infof("group %s: failing-over (operation %s)", id, operation.id);
            }
        });
    }

    public Uni<Void> settle(FailoverOperation operation) {
        Instant now = CinderTime.now();
        String to = outcome(operation).value();
        return each(operation, (group, id) -> {
            if (group.failoverEnded(to, now)) {
                LOG.infof("group %s: replication %s after operation %s (%s)", id, to, operation.id, operation.state);
            }
        });
    }

    private static ReplicationStatus outcome(FailoverOperation operation) {
        // A failback and a reprotect both start from failed-over and end replicated again (enabled).
        boolean fromFailedOver = !FailoverAction.FAILOVER.value().equals(operation.action);
        return switch (operation.state) {
            case FailoverOperation.COMPLETED -> fromFailedOver ? ReplicationStatus.ENABLED
                    : ReplicationStatus.FAILED_OVER;
            case FailoverOperation.COMPLETED_WITH_ERRORS -> ReplicationStatus.ERROR;
            // Refused: nothing moved, the group is where it was.
            default -> fromFailedOver ? ReplicationStatus.FAILED_OVER : ReplicationStatus.ENABLED;
        };
    }

    private Uni<Void> each(FailoverOperation operation, Change change) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (String resource : operation.resourceList()) {
            UUID id = Uuids.parse(resource);
            if (id == null) {
                continue;
            }
            chain = chain.chain(() -> groups.findForUpdate(id).invoke(group -> {
                if (group != null) {
                    change.apply(group, id);
                }
            }).replaceWithVoid());
        }
        return chain;
    }

    @FunctionalInterface
    private interface Change {
        void apply(Group group, UUID id);
    }
}
