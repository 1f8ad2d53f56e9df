package org.replication.v3.api.group.service;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.replication.v3.api.group.Group;
import org.replication.v3.api.group.GroupMessages;
import org.replication.v3.api.group.repository.GroupRepository;
import org.replication.v3.api.http.CinderTime;
import org.replication.v3.api.message.UserMessage;
import org.replication.v3.api.message.repository.UserMessageRepository;
import org.replication.v3.api.validation.Uuids;
import org.replication.v3.api.volume.messaging.VolumeEventRoutes;
import org.replication.v3.api.volume.repository.VolumeRepository;
import org.replication.v3.common.group.GroupCreateFailed;
import org.replication.v3.common.group.GroupCreated;
import org.replication.v3.common.group.GroupDeleteFailed;
import org.replication.v3.common.group.GroupDeleted;
import org.replication.v3.common.group.GroupMembershipChanged;
import org.replication.v3.common.group.GroupReplicationChanged;
import org.replication.v3.common.group.GroupSchedulingFailed;
import org.replication.v3.common.messaging.EventEnvelope;
import org.replication.v3.common.messaging.MalformedEventException;
import org.replication.v3.common.messaging.Routes;

/**
 * Keeps the API's groups in step with what the scheduler and the backends report, each event once (its route
 * records it in the inbox, in the same transaction as the group and its volumes) and only to a group in a status it
 * applies to. A failed create leaves a user message, as Cinder's scheduler does.
 */
@ApplicationScoped
public class GroupEventHandler implements VolumeEventRoutes {

    private static final Logger LOG = Logger.getLogger(GroupEventHandler.class);

    @Inject
    GroupRepository groups;

    @Inject
    UserMessageRepository messages;

    @Inject
    VolumeRepository volumes;

    @Override
    public Routes routes(Routes routes) {
        return routes.once(GroupCreated.class, this::created)
                .once(GroupCreateFailed.class, this::createFailed)
                .once(GroupSchedulingFailed.class, this::schedulingFailed)
                .once(GroupDeleted.class, this::deleted)
                .once(GroupDeleteFailed.class, this::deleteFailed)
                .once(GroupReplicationChanged.class, this::replicationChanged)
                .once(GroupMembershipChanged.class, this::membershipChanged);
    }

    private Uni<Void> created(GroupCreated data, EventEnvelope event) {
        return transition(event, data.groupId(), (group, at) -> group.created(data.host(), at), null);
    }

    private Uni<Void> createFailed(GroupCreateFailed data, EventEnvelope event) {
        LOG.warnf("group %s: creation failed on %s: %s (event %s)", data.groupId(), data.host(), data.reason(),
                event.id());
        return transition(event, data.groupId(), (group, at) -> group.failedToCreate(data.host(), at),
                (group, at) -> GroupMessages.driverFailed(group.projectId, group.id, data.reason(), at));
    }

    private Uni<Void> schedulingFailed(GroupSchedulingFailed data, EventEnvelope event) {
        LOG.warnf("group %s: no backend can take it: %s (event %s)", data.groupId(), data.reason(), event.id());
        return transition(event, data.groupId(), (group, at) -> group.failedToCreate(null, at),
                (group, at) -> GroupMessages.noValidBackend(group.projectId, group.id, data.reason(), at));
    }

    private Uni<Void> deleted(GroupDeleted data, EventEnvelope event) {
        return transition(event, data.groupId(), (group, at) -> group.deleted(at), null);
    }

    private Uni<Void> deleteFailed(GroupDeleteFailed data, EventEnvelope event) {
        LOG.warnf("group %s: deletion failed: %s (event %s)", data.groupId(), data.reason(), event.id());
        return transition(event, data.groupId(), (group, at) -> group.failedToDelete(at), null);
    }

    private Uni<Void> replicationChanged(GroupReplicationChanged data, EventEnvelope event) {
        if (data.replicationStatus() == null) {
            throw new MalformedEventException("event " + event.id() + " carries no replication status", null);
        }
        String status = data.replicationStatus().value();
        LOG.infof("group %s: replication %s by its backend%s (event %s)", data.groupId(), status,
                data.error() == null ? "" : ": " + data.error(), event.id());
        return transition(event, data.groupId(), (group, at) -> group.replicationChanged(status, at),
                null).call(() -> replicationOfVolumes(event, data));
    }

    private Uni<Void> membershipChanged(GroupMembershipChanged data, EventEnvelope event) {
        LOG.infof("group %s: membership changed by its backend, now %d volumes%s (event %s)", data.groupId(),
                data.members().size(), data.error() == null ? "" : ", partly failed: " + data.error(), event.id());
        return transition(event, data.groupId(), (group, at) -> group.membershipChanged(data.error() != null, at),
                data.error() == null ? null
                        : (group, at) -> GroupMessages.updateFailed(group.projectId, group.id, data.error(), at))
                .call(() -> membershipOfVolumes(event, data));
    }

    /** Each volume's replication_status after the group's enable or disable; in the same transaction. */
    private Uni<Void> replicationOfVolumes(EventEnvelope event, GroupReplicationChanged data) {
        Instant at = CinderTime.now();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (GroupReplicationChanged.VolumeResult result : data.volumes()) {
            UUID id = Uuids.parse(result.volumeId());
            if (id == null || result.replicationStatus() == null) {
                LOG.warnf("group %s: result for '%s' names no volume or status; skipped (event %s)", data.groupId(),
                        result.volumeId(), event.id());
                continue;
            }
            chain = chain.chain(() -> volumes.findForUpdate(id).invoke(volume -> {
                if (volume != null && volume.replicationSwitched(result.replicationStatus().value(), at)) {
                    LOG.infof("volume %s: replication %s with group %s (event %s)", id, result.replicationStatus().value(),
                            data.groupId(), event.id());
                }
            }).replaceWithVoid());
        }
        return chain;
    }

    /**
     * Where each volume the update named ended up (in the group or out, reverting the reservation of one that could
     * not join) and how it replicates now; in the same transaction.
     */
    private Uni<Void> membershipOfVolumes(EventEnvelope event, GroupMembershipChanged data) {
        Instant at = CinderTime.now();
        UUID groupId = Uuids.parse(data.groupId());
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (GroupMembershipChanged.Member member : data.volumes()) {
            UUID id = Uuids.parse(member.volumeId());
            if (id == null) {
                LOG.warnf("group %s: member '%s' names no volume; skipped (event %s)", data.groupId(),
                        member.volumeId(), event.id());
                continue;
            }
            UUID memberOf = member.groupId() == null ? null : Uuids.parse(member.groupId());
            chain = chain.chain(() -> volumes.findForUpdate(id).invoke(volume -> {
                // A volume that moved to another group since (or is gone) is not this event's to change.
                if (volume == null || !volume.live() || (volume.groupId != null && !volume.groupId.equals(groupId))) {
                    return;
                }
                volume.groupId = memberOf;
                volume.updatedAt = at;
                if (member.replication() != null) {
                    volume.replicationEnabled(member.replication(), null, at);
                } else if (member.replicationStatus() != null) {
                    volume.replicationSwitched(member.replicationStatus().value(), at);
                }
                LOG.infof("volume %s: %s group %s%s (event %s)", id, memberOf == null ? "out of" : "in",
                        data.groupId(), member.error() == null ? "" : ": " + member.error(), event.id());
            }).replaceWithVoid());
        }
        return chain;
    }

    private Uni<Void> transition(EventEnvelope event, String groupId, Transition transition, Message message) {
        UUID id = Uuids.parse(groupId);
        if (id == null) {
            throw new MalformedEventException("event " + event.id() + " names no group id: " + groupId, null);
        }
        return groups.findForUpdate(id).flatMap(group -> {
            Instant at = CinderTime.now();
            if (group == null) {
                LOG.warnf("group %s: event %s (%s) is about a group this API never recorded; skipped", id,
                        event.id(), event.type());
                return Uni.createFrom().voidItem();
            }
            String before = group.status.value();
            if (!transition.apply(group, at)) {
                LOG.infof("group %s: event %s (%s) does not apply to a group that is %s; skipped", id, event.id(),
                        event.type(), before);
                return Uni.createFrom().voidItem();
            }
            LOG.infof("group %s: %s -> %s (event %s)", id, before, group.status.value(), event.id());
            return message == null ? Uni.createFrom().voidItem()
                    : messages.persist(message.of(group, at)).replaceWithVoid();
        });
    }

    @FunctionalInterface
    private interface Transition {
        boolean apply(Group group, Instant at);
    }

    @FunctionalInterface
    private interface Message {
        UserMessage of(Group group, Instant at);
    }
}
