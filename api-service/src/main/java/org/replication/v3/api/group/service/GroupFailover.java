package org.replication.v3.api.group.service;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Function;
import org.jboss.logging.Logger;
import org.replication.v3.api.failover.FailoverOperation;
import org.replication.v3.api.failover.FailoverOrder;
import org.replication.v3.api.failover.FailoverParticipant;
import org.replication.v3.api.group.repository.GroupRepository;
import org.replication.v3.api.http.CinderTime;
import org.replication.v3.api.validation.Uuids;
import org.replication.v3.common.failover.FailoverAction;
import org.replication.v3.common.replication.ReplicationScope;
import org.replication.v3.common.replication.ReplicationStatus;

/**
 * What a group-scope failover or failback operation means for its groups' replication_status, as Cinder's
 * failover_replication writes it: {@code failing-over} while it runs (whoever started it: the group action, the
 * replication API), then {@code failed-over}, {@code enabled} after a failback, {@code error} when a volume did not
 * switch (the group is no longer in one place), or what it was before when the operation was refused. Runs in the
 * transaction of the operation's event. A group-scope request is accepted only for groups that exist.
 */
@ApplicationScoped
public class GroupFailover implements FailoverParticipant {

    private static final Logger LOG = Logger.getLogger(GroupFailover.class);

    @Inject
    GroupRepository groups;

    /** Every group a group-scope order names must exist (in any project: the API is admin-only). */
    @Override
    public Uni<Void> requested(FailoverOrder order) {
        if (order.scope() != ReplicationScope.GROUP) {
            return Uni.createFrom().voidItem();
        }
        return groups.listLive(order.ids()).invoke(found -> FailoverParticipant.requireFound("Group", order.ids(),
                found.stream().map(group -> group.id).toList())).replaceWithVoid();
    }

    @Override
    public Uni<Void> running(FailoverOperation operation) {
        if (!switchesGroups(operation)) {
            return Uni.createFrom().voidItem();
        }
        Instant now = CinderTime.now();
        return each(operation, id -> groups.findForUpdate(id).invoke(group -> {
            if (group != null && group.failingOver(now)) {
                LOG.infof("group %s: failing-over (operation %s)", id, operation.id);
            }
        }).replaceWithVoid());
    }

    @Override
    public Uni<Void> ended(FailoverOperation operation) {
        if (!switchesGroups(operation)) {
            return Uni.createFrom().voidItem();
        }
        Instant now = CinderTime.now();
        return each(operation, id -> outcome(operation, id).flatMap(to -> groups.findForUpdate(id).invoke(group -> {
            if (group != null && group.failoverEnded(to.value(), now)) {
                LOG.infof("group %s: replication %s after operation %s (%s)", id, to.value(), operation.id,
                        operation.state.value());
            }
        })).replaceWithVoid());
    }

    private static boolean switchesGroups(FailoverOperation operation) {
        return operation.scope == ReplicationScope.GROUP && !operation.dryRun;
    }

    private Uni<ReplicationStatus> outcome(FailoverOperation operation, UUID group) {
        // A failback and a reprotect both start from failed-over and end replicated again (enabled).
        boolean fromFailedOver = operation.action != FailoverAction.FAILOVER;
        return switch (operation.state) {
            case COMPLETED -> Uni.createFrom().item(fromFailedOver ? ReplicationStatus.ENABLED
                    : ReplicationStatus.FAILED_OVER);
            case COMPLETED_WITH_ERRORS -> Uni.createFrom().item(ReplicationStatus.ERROR);
            // Refused: nothing moved, so the group is where its volumes are. The action does not tell: a second
            // failover of a failed-over group is refused as already done and must leave it failed-over.
            default -> groups.anyVolumeFailedOver(group).map(failedOver -> failedOver
                    ? ReplicationStatus.FAILED_OVER : ReplicationStatus.ENABLED);
        };
    }

    /** One group after the other, in the order the operation names them. */
    private static Uni<Void> each(FailoverOperation operation, Function<UUID, Uni<Void>> change) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (String resource : operation.resourceList()) {
            UUID id = Uuids.parse(resource);
            if (id != null) {
                chain = chain.chain(() -> change.apply(id));
            }
        }
        return chain;
    }
}
