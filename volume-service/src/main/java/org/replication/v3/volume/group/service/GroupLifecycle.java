package org.replication.v3.volume.group.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.replication.v3.common.group.CreateGroupOnBackend;
import org.replication.v3.common.group.DeleteGroup;
import org.replication.v3.common.group.GroupCreateFailed;
import org.replication.v3.common.group.GroupCreated;
import org.replication.v3.common.group.GroupDeleteFailed;
import org.replication.v3.common.group.GroupDeleted;
import org.replication.v3.common.group.GroupMember;
import org.replication.v3.common.messaging.TopicNames;
import org.replication.v3.common.outbox.Outbox;
import org.replication.v3.common.volume.DeleteVolume;
import org.replication.v3.common.volume.VolumeHost;
import org.replication.v3.volume.backend.Backend;
import org.replication.v3.volume.backend.Backends;
import org.replication.v3.volume.backend.DriverCalls;
import org.replication.v3.volume.backend.DriverCalls.Driven;
import org.replication.v3.volume.driver.GroupSpec;
import org.replication.v3.volume.group.VolumeGroup;
import org.replication.v3.volume.group.VolumeGroupStatus;
import org.replication.v3.volume.lifecycle.service.VolumeLifecycle;

/**
 * Creates and deletes generic volume groups through their backend's driver, in two steps each: the driver calls
 * outside any transaction, then the outcome and its event in the command's inbox transaction (a crash in between
 * repeats the idempotent calls). A group delete first deletes the volumes the API listed, each announced with its
 * own event, and deletes the group only if they are all gone. update_group is {@link GroupMembership}.
 */
@ApplicationScoped
public class GroupLifecycle {

    private static final Logger LOG = Logger.getLogger(GroupLifecycle.class);

    @Inject
    DriverCalls driver;
    @Inject
    Outbox outbox;
    @Inject
    TopicNames topics;
    @Inject
    Backends backends;
    @Inject
    VolumeLifecycle volumes;

    /** What a group delete did on the array: each listed volume's outcome, then the group's (null: not tried). */
    public record Deleted(Map<GroupMember, Driven<Void>> members, Driven<Void> group) {
    }

    /** Creates the group on the array; null when it was created before. */
    public Uni<Driven<Void>> create(CreateGroupOnBackend command, Backend backend) {
        VolumeHost location = VolumeHost.parse(command.host());
        GroupSpec spec = new GroupSpec(command.groupId(), location.pool(),
                command.groupSpecs() == null ? Map.of() : command.groupSpecs());
        return Panache.withSession(() -> VolumeGroup.<VolumeGroup>findById(command.groupId())).flatMap(existing -> {
            if (existing != null) {
                LOG.infof("group %s: already on %s (%s), create not repeated", existing.id, existing.host,
                        existing.status.value());
                return Uni.createFrom().nullItem();
            }
            LOG.infof("group %s: creating on %s", command.groupId(), location);
            return driver.call(() -> {
                backend.driver().createGroup(spec);
                return null;
            });
        });
    }

    public Uni<Void> recordCreate(CreateGroupOnBackend command, Backend backend, Driven<Void> created) {
        if (created == null) {
            return Uni.createFrom().voidItem();
        }
        VolumeHost location = VolumeHost.parse(command.host());
        if (!created.succeeded()) {
            LOG.warnf("group %s: create failed on %s: %s", command.groupId(), location, created.failure());
            return record(command, location, VolumeGroupStatus.ERROR).call(() -> outbox.add(topics.volumeEvents(),
                    new GroupCreateFailed(command.groupId(), command.host(), created.failure()))).replaceWithVoid();
        }
        return record(command, location, VolumeGroupStatus.AVAILABLE)
                .call(() -> outbox.add(topics.volumeEvents(), new GroupCreated(command.groupId(), command.host())))
                .invoke(() -> LOG.infof("group %s: created on %s", command.groupId(), location))
                .replaceWithVoid();
    }

    /** Deletes the listed volumes one by one, then, if they are all gone, the group. */
    public Uni<Deleted> delete(DeleteGroup command, Backend backend) {
        VolumeHost location = VolumeHost.parse(command.host());
        Map<GroupMember, Driven<Void>> members = new LinkedHashMap<>();
        Uni<Void> deleted = Uni.createFrom().voidItem();
        for (GroupMember member : command.volumes()) {
            deleted = deleted.flatMap(done -> deleteMember(command, member).invoke(d -> members.put(member, d)))
                    .replaceWithVoid();
        }
        return deleted.flatMap(done -> {
            if (members.values().stream().anyMatch(d -> !d.succeeded())) {
                return Uni.createFrom().item(new Deleted(members, null));
            }
            GroupSpec spec = new GroupSpec(command.groupId(), location.pool(), Map.of());
            return driver.<Void>call(() -> {
                backend.driver().deleteGroup(spec);
                return null;
            }).map(group -> new Deleted(members, group));
        });
    }

    public Uni<Void> recordDelete(DeleteGroup command, Backend backend, Deleted deleted) {
        List<String> failed = new ArrayList<>();
        Uni<Void> members = Uni.createFrom().voidItem();
        for (Map.Entry<GroupMember, Driven<Void>> member : deleted.members().entrySet()) {
            GroupMember volume = member.getKey();
            if (!member.getValue().succeeded()) {
                failed.add(volume.volumeId());
            }
            // A member hosted elsewhere was never tried: nothing of it is recorded here.
            Optional<Backend> hosting = backends.hosting(volume.host());
            if (hosting.isPresent()) {
                members = members.flatMap(done -> volumes.recordDelete(
                        new DeleteVolume(volume.volumeId(), volume.host()), hosting.get(), member.getValue()));
            }
        }
        return members.flatMap(done -> VolumeGroup.<VolumeGroup>findById(command.groupId())).flatMap(group -> {
            if (!failed.isEmpty()) {
                return groupDeleteFailed(command, group, "volumes " + failed + " could not be deleted");
            }
            if (!deleted.group().succeeded()) {
                return groupDeleteFailed(command, group, deleted.group().failure());
            }
            return (group == null ? Uni.createFrom().voidItem() : group.delete())
                    .call(() -> outbox.add(topics.volumeEvents(), new GroupDeleted(command.groupId())))
                    .invoke(() -> LOG.infof("group %s: deleted from %s with %d volumes", command.groupId(),
                            command.host(), command.volumes().size()))
                    .replaceWithVoid();
        });
    }

    /** A member on a backend this service does not host cannot be deleted here, which fails the group delete. */
    private Uni<Driven<Void>> deleteMember(DeleteGroup command, GroupMember member) {
        Optional<Backend> backend = backends.hosting(member.host());
        if (backend.isEmpty()) {
            LOG.warnf("group %s: volume %s is on %s, not hosted here", command.groupId(), member.volumeId(),
                    member.host());
            return Uni.createFrom().item(Driven.failed("not hosted here"));
        }
        return volumes.delete(new DeleteVolume(member.volumeId(), member.host()), backend.get());
    }

    private Uni<Void> groupDeleteFailed(DeleteGroup command, VolumeGroup group, String reason) {
        LOG.warnf("group %s: delete failed: %s", command.groupId(), reason);
        if (group != null) {
            group.status = VolumeGroupStatus.ERROR_DELETING;
            group.updatedAt = Instant.now();
        }
        return outbox.add(topics.volumeEvents(), new GroupDeleteFailed(command.groupId(), reason)).replaceWithVoid();
    }

    private static Uni<VolumeGroup> record(CreateGroupOnBackend command, VolumeHost location,
            VolumeGroupStatus status) {
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
}
