package org.replication.v3.volume.group.service;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import org.replication.v3.common.group.CreateGroupOnBackend;
import org.replication.v3.common.group.DeleteGroup;
import org.replication.v3.common.group.GroupCreateFailed;
import org.replication.v3.common.group.GroupCreated;
import org.replication.v3.common.group.GroupDeleteFailed;
import org.replication.v3.common.group.GroupDeleted;
import org.replication.v3.common.group.GroupMember;
import org.replication.v3.common.group.UpdateGroupOnBackend;
import org.replication.v3.common.messaging.TopicNames;
import org.replication.v3.common.outbox.Outbox;
import org.replication.v3.common.volume.DeleteVolume;
import org.replication.v3.common.volume.VolumeHost;
import org.replication.v3.volume.backend.Backend;
import org.replication.v3.volume.backend.Backends;
import org.replication.v3.volume.driver.GroupSpec;
import org.replication.v3.volume.driver.VolumeDriverException;
import org.replication.v3.volume.lifecycle.service.VolumeLifecycle;
import org.replication.v3.volume.group.VolumeGroup;

/**
 * Creates, updates and deletes generic volume groups through their backend's driver and records the outcome with its
 * event, inside the caller's transaction (see the command consumer). A group delete first deletes the volumes the
 * API listed, each announced with its own event, and deletes the group only if they are all gone.
 */
@ApplicationScoped
public class GroupLifecycle {

    private static final Logger LOG = Logger.getLogger(GroupLifecycle.class);
    private static final String AVAILABLE = "available";
    private static final String ERROR = "error";
    private static final String ERROR_DELETING = "error_deleting";

    private final Vertx vertx;
    private final Outbox outbox;
    private final TopicNames topics;
    private final Backends backends;
    private final VolumeLifecycle volumes;
    private final GroupMembership membership;

    public GroupLifecycle(Vertx vertx, Outbox outbox, TopicNames topics, Backends backends, VolumeLifecycle volumes,
            GroupMembership membership) {
        this.vertx = vertx;
        this.outbox = outbox;
        this.topics = topics;
        this.backends = backends;
        this.volumes = volumes;
        this.membership = membership;
    }

    public Uni<Void> create(CreateGroupOnBackend command, Backend backend) {
        VolumeHost location = VolumeHost.parse(command.host());
        GroupSpec spec = new GroupSpec(command.groupId(), location.pool(),
                command.groupSpecs() == null ? Map.of() : command.groupSpecs());
        return VolumeGroup.<VolumeGroup>findById(command.groupId()).flatMap(existing -> {
            if (existing != null) {
                LOG.infof("group %s: already on %s (%s), create not repeated", existing.id, existing.host,
                        existing.status);
                return Uni.createFrom().voidItem();
            }
            LOG.infof("group %s: creating on %s", command.groupId(), location);
            return onWorker(() -> {
                backend.driver().createGroup(spec);
                return spec;
            }).flatMap(created -> record(command, location, AVAILABLE)
                    .call(() -> outbox.add(topics.volumeEvents(), new GroupCreated(command.groupId(), command.host())))
                    .invoke(() -> LOG.infof("group %s: created on %s", command.groupId(), location)))
                    .onFailure(VolumeDriverException.class).recoverWithUni(failure -> {
                        LOG.warnf("group %s: create failed on %s: %s", command.groupId(), location,
                                failure.getMessage());
                        return record(command, location, ERROR).call(() -> outbox.add(topics.volumeEvents(),
                                new GroupCreateFailed(command.groupId(), command.host(), failure.getMessage())));
                    }).replaceWithVoid();
        });
    }

    /** add_volumes / remove_volumes (see {@link GroupMembership}). */
    public Uni<Void> update(UpdateGroupOnBackend command, Backend backend) {
        return membership.update(command, backend);
    }

    public Uni<Void> delete(DeleteGroup command, Backend backend) {
        VolumeHost location = VolumeHost.parse(command.host());
        GroupSpec spec = new GroupSpec(command.groupId(), location.pool(), Map.of());
        List<String> failed = new ArrayList<>();
        Uni<Void> members = Uni.createFrom().voidItem();
        for (GroupMember member : command.volumes()) {
            members = members.flatMap(done -> deleteMember(command, member).invoke(deleted -> {
                if (!deleted) {
                    failed.add(member.volumeId());
                }
            }).replaceWithVoid());
        }
        return members.flatMap(done -> VolumeGroup.<VolumeGroup>findById(command.groupId())).flatMap(group -> {
            if (!failed.isEmpty()) {
                return groupDeleteFailed(command, group, "volumes " + failed + " could not be deleted");
            }
            return onWorker(() -> {
                backend.driver().deleteGroup(spec);
                return spec;
            }).flatMap(deleted -> (group == null ? Uni.createFrom().voidItem() : group.delete())
                    .call(() -> outbox.add(topics.volumeEvents(), new GroupDeleted(command.groupId())))
                    .invoke(() -> LOG.infof("group %s: deleted from %s with %d volumes", command.groupId(), location,
                            command.volumes().size())))
                    .onFailure(VolumeDriverException.class)
                    .recoverWithUni(failure -> groupDeleteFailed(command, group, failure.getMessage()))
                    .replaceWithVoid();
        });
    }

    /** A member on a backend this service does not host cannot be deleted here, which fails the group delete. */
    private Uni<Boolean> deleteMember(DeleteGroup command, GroupMember member) {
        Optional<Backend> backend = backends.hosting(VolumeHost.parse(member.host()));
        if (backend.isEmpty()) {
            LOG.warnf("group %s: volume %s is on %s, not hosted here", command.groupId(), member.volumeId(),
                    member.host());
            return Uni.createFrom().item(false);
        }
        return volumes.delete(new DeleteVolume(member.volumeId(), member.host()), backend.get());
    }

    private Uni<Void> groupDeleteFailed(DeleteGroup command, VolumeGroup group, String reason) {
        LOG.warnf("group %s: delete failed: %s", command.groupId(), reason);
        if (group != null) {
            group.status = ERROR_DELETING;
            group.updatedAt = Instant.now();
        }
        return outbox.add(topics.volumeEvents(), new GroupDeleteFailed(command.groupId(), reason)).replaceWithVoid();
    }

    private static Uni<VolumeGroup> record(CreateGroupOnBackend command, VolumeHost location, String status) {
        VolumeGroup group = new VolumeGroup();
        group.id = command.groupId();
        group.host = command.host();
        group.backend = location.backend();
        group.pool = location.pool();
        group.status = status;
        group.createdAt = Instant.now();
        group.updatedAt = group.createdAt;
        return group.persist();
    }

    /** Array I/O blocks: run it on a worker and come back to the caller's context and session. */
    private <T> Uni<T> onWorker(Supplier<T> driverCall) {
        return vertx.executeBlocking(Uni.createFrom().item(driverCall), false);
    }
}
