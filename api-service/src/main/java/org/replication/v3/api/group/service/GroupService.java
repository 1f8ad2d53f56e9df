package org.replication.v3.api.group.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;
import org.replication.v3.api.auth.Caller;
import org.replication.v3.api.auth.Policy;
import org.replication.v3.api.config.ApiConfig;
import org.replication.v3.api.error.ApiException;
import org.replication.v3.api.group.Group;
import org.replication.v3.api.group.GroupSpecs;
import org.replication.v3.api.group.GroupStatus;
import org.replication.v3.api.group.GroupType;
import org.replication.v3.api.group.repository.GroupRepository;
import org.replication.v3.api.group.repository.GroupTypeRepository;
import org.replication.v3.api.http.CinderTime;
import org.replication.v3.api.replication.service.ReplicationValidation;
import org.replication.v3.api.type.VolumeType;
import org.replication.v3.api.type.repository.VolumeTypeRepository;
import org.replication.v3.api.type.service.VolumeTypeService;
import org.replication.v3.api.validation.Uuids;
import org.replication.v3.api.volume.Volume;
import org.replication.v3.api.volume.VolumeStatus;
import org.replication.v3.api.volume.repository.VolumeRepository;
import org.replication.v3.common.group.DeleteGroup;
import org.replication.v3.common.group.GroupMember;
import org.replication.v3.common.group.GroupVolumeType;
import org.replication.v3.common.group.ScheduleGroupCreate;
import org.replication.v3.common.group.UpdateGroupOnBackend;
import org.replication.v3.common.messaging.TopicNames;
import org.replication.v3.common.outbox.Outbox;
import org.replication.v3.common.outbox.OutboxRelay;
import org.replication.v3.common.replication.ReplicationStatus;
import org.replication.v3.common.replication.VolumeReplication;

/**
 * Generic volume group requests, with the checks of Cinder's group API ({@code cinder/group/api.py}). As for
 * volumes, a write records the new state and the command that carries it out in one transaction (the outbox).
 * Membership changes (add/remove volumes) go to the group's backend like any other change of the group.
 */
@ApplicationScoped
public class GroupService {

    private static final Logger LOG = Logger.getLogger(GroupService.class);
    private static final Set<VolumeStatus> ADDABLE = EnumSet.of(VolumeStatus.AVAILABLE, VolumeStatus.IN_USE);
    private static final Set<VolumeStatus> REMOVABLE = EnumSet.of(VolumeStatus.AVAILABLE, VolumeStatus.IN_USE,
            VolumeStatus.ERROR, VolumeStatus.ERROR_DELETING);
    /** The replication_status a replicated group changes its membership in: not while it fails over or back. */
    private static final List<String> MEMBERSHIP_CHANGES_FROM = List.of(ReplicationStatus.ENABLED.value(),
            ReplicationStatus.DISABLED.value());

    private final GroupRepository groups;
    private final GroupTypeRepository groupTypes;
    private final VolumeTypeRepository volumeTypes;
    private final VolumeRepository volumes;
    private final Outbox outbox;
    private final OutboxRelay relay;
    private final TopicNames topics;
    private final Policy policy;
    private final ApiConfig config;
    private final ReplicationValidation replication;

    public GroupService(GroupRepository groups, GroupTypeRepository groupTypes, VolumeTypeRepository volumeTypes,
            VolumeRepository volumes, Outbox outbox, OutboxRelay relay, TopicNames topics, Policy policy,
            ApiConfig config, ReplicationValidation replication) {
        this.groups = groups;
        this.groupTypes = groupTypes;
        this.volumeTypes = volumeTypes;
        this.volumes = volumes;
        this.outbox = outbox;
        this.relay = relay;
        this.topics = topics;
        this.policy = policy;
        this.config = config;
        this.replication = replication;
    }

    /** Records the group as {@code creating} and asks the scheduler for a backend that suits all its types. */
    public Uni<Group> create(Caller caller, NewGroup request) {
        Instant now = CinderTime.now();
        return Panache.withTransaction(() -> groupType(caller, request.groupType())
                .flatMap(type -> volumeTypes(caller, request.volumeTypes()).flatMap(found -> {
                    Group group = Group.creating(UUID.randomUUID(), caller.projectId(), caller.userId(), now);
                    group.name = request.name();
                    group.description = request.description();
                    group.availabilityZone = request.availabilityZone() == null
                            ? config.defaultAvailabilityZone() : request.availabilityZone();
                    group.groupTypeId = type.id;
                    group.volumeTypeIds = found.stream().map(volumeType -> volumeType.id.toString()).toList();
                    if (GroupSpecs.replicationEnabled(type.groupSpecs)) {
                        group.replicatedFromCreation();
                    }
                    ScheduleGroupCreate command = new ScheduleGroupCreate(group.id.toString(), group.projectId,
                            type.id.toString(), type.groupSpecs,
                            found.stream().map(t -> new GroupVolumeType(t.id.toString(), t.extraSpecs)).toList(),
                            group.availabilityZone);
                    return groups.persist(group)
                            .call(() -> outbox.add(topics.schedulerCommands(), command))
                            .invoke(() -> LOG.infof("group %s: create requested (group type %s, volume types %s) by"
                                    + " %s/%s", group.id, type.name, group.volumeTypeIds, caller.projectId(),
                                    caller.userId()));
                }))).invoke(relay::wake);
    }

    @WithSession
    public Uni<GroupWithVolumes> show(Caller caller, String id, boolean listVolumes) {
        return visible(caller, id).flatMap(group -> withVolumes(group, listVolumes));
    }

    /** The caller's groups; every project's for an admin asking with all_tenants. */
    @WithSession
    public Uni<List<GroupWithVolumes>> list(Caller caller, boolean allTenants, boolean listVolumes) {
        String project = allTenants && policy.allows(caller, Policy.GROUP_ALL_TENANTS) ? null : caller.projectId();
        return groups.listLive(project).flatMap(found -> {
            // One after the other: a reactive session runs one statement at a time.
            Uni<List<GroupWithVolumes>> all = Uni.createFrom().item(new ArrayList<>());
            for (Group group : found) {
                all = all.flatMap(list -> withVolumes(group, listVolumes).map(one -> {
                    list.add(one);
                    return list;
                }));
            }
            return all;
        });
    }

    /**
     * Name and description change at once. Membership (add_volumes / remove_volumes) is checked as Cinder checks it
     * and, for the volumes joining, as a volume created in the group is checked for replication; then the group is
     * {@code updating} and its backend makes the change (a replicated group's driver adds the joining volumes to
     * its replication and takes the leaving ones out), answering with the membership that every service follows.
     * The joining volumes are reserved for the group from this transaction on, so that no other group can take
     * them meanwhile. Nothing is written when a check fails.
     */
    public Uni<Void> update(Caller caller, String id, GroupChange change) {
        Instant now = CinderTime.now();
        return Panache.withTransaction(() -> visibleForUpdate(caller, id).flatMap(group -> {
            if (group.status != GroupStatus.AVAILABLE) {
                return Uni.createFrom().failure(invalidGroup("Group status must be available, but current status"
                        + " is: " + group.status.value() + "."));
            }
            return groupTypes.findById(group.groupTypeId).flatMap(type -> {
                Map<String, String> groupSpecs = type == null || type.groupSpecs == null ? Map.of() : type.groupSpecs;
                return groups.volumesForUpdate(group.id).flatMap(members -> {
                    List<Volume> removed = removable(group, members, change.removeVolumes());
                    boolean replicatedType = GroupSpecs.replicationEnabled(groupSpecs);
                    if (replicatedType && (!change.addVolumes().isEmpty() || !removed.isEmpty())
                            && !MEMBERSHIP_CHANGES_FROM.contains(group.replicationStatus)) {
                        // A group failing over or failed over is served elsewhere: a volume joining it now would
                        // replicate the other way round from the rest, one leaving it would leave it split.
                        throw invalidGroup("Group " + group.id + " replication status must be "
                                + MEMBERSHIP_CHANGES_FROM.stream().map(value -> "'" + value + "'").toList()
                                + " to add or remove volumes, but current status is: "
                                + group.replicationStatus + ".");
                    }
                    List<String> toAdd = new ArrayList<>(new LinkedHashSet<>(change.addVolumes()));
                    members.forEach(member -> toAdd.remove(member.id.toString()));
                    return addable(group, groupSpecs, members, toAdd).flatMap(added -> {
                        if (change.name() == null && change.description() == null && added.isEmpty()
                                && removed.isEmpty()) {
                            throw invalidGroup("Cannot update group " + group.id + " because no valid name,"
                                    + " description, add_volumes, or remove_volumes were provided.");
                        }
                        if (change.name() != null) {
                            group.name = change.name();
                        }
                        if (change.description() != null) {
                            group.description = change.description();
                        }
                        group.updatedAt = now;
                        LOG.infof("group %s: updated by %s/%s", group.id, caller.projectId(), caller.userId());
                        if (added.isEmpty() && removed.isEmpty()) {
                            return Uni.createFrom().voidItem();
                        }
                        return changeMembership(group, groupSpecs, added, removed, now);
                    });
                });
            });
        })).invoke(relay::wake).replaceWithVoid();
    }

    private Uni<Void> changeMembership(Group group, Map<String, String> groupSpecs, List<Volume> added,
            List<Volume> removed, Instant now) {
        added.forEach(volume -> {
            volume.groupId = group.id;
            volume.updatedAt = now;
        });
        group.startUpdating(now);
        boolean replicating = GroupSpecs.replicationEnabled(groupSpecs)
                && ReplicationStatus.ENABLED.value().equals(group.replicationStatus);
        UpdateGroupOnBackend command = new UpdateGroupOnBackend(group.id.toString(), group.host, groupSpecs,
                replicating,
                added.stream().map(volume -> new UpdateGroupOnBackend.Joining(volume.id.toString(), volume.host,
                        volume.volumeType.extraSpecs)).toList(),
                removed.stream().map(volume -> new GroupMember(volume.id.toString(), volume.host)).toList());
        LOG.infof("group %s: adding %s and removing %s on %s", group.id,
                added.stream().map(volume -> volume.id).toList(), removed.stream().map(volume -> volume.id).toList(),
                group.host);
        return outbox.add(topics.volumeCommands(), command).replaceWithVoid();
    }

    /**
     * A group no backend holds is gone at once. Otherwise it and (with delete-volumes) its volumes turn
     * {@code deleting}, and its backend removes them all.
     */
    public Uni<Void> delete(Caller caller, String id, boolean deleteVolumes) {
        Instant now = CinderTime.now();
        return Panache.withTransaction(() -> visibleForUpdate(caller, id).flatMap(group -> {
            if (!group.deletable()) {
                return Uni.createFrom().failure(invalidGroup("Group status must be available or error, but current"
                        + " status is: " + group.status.value()));
            }
            return groups.volumesForUpdate(group.id).flatMap(members -> {
                if (!members.isEmpty() && !deleteVolumes) {
                    throw invalidGroup("Group " + group.id + " still contains volumes. The delete-volumes flag is"
                            + " required to delete it.");
                }
                for (Volume volume : members) {
                    if (volume.status == VolumeStatus.IN_USE || volume.status == VolumeStatus.ATTACHING) {
                        throw invalidGroup("Volume in group " + group.id + " is attached. Need to detach first.");
                    }
                    if (!volume.deletable()) {
                        throw invalidGroup("Volume " + volume.id + " in group " + group.id + " cannot be deleted in"
                                + " status " + volume.status.value() + ".");
                    }
                }
                if (group.deleteUnplaced(now)) {
                    LOG.infof("group %s: deleted (never placed) by %s/%s", group.id, caller.projectId(),
                            caller.userId());
                    return Uni.createFrom().voidItem();
                }
                List<GroupMember> onBackend = new ArrayList<>();
                for (Volume volume : members) {
                    if (volume.deleteUnplaced(now)) {
                        LOG.infof("volume %s: deleted with group %s (never placed)", volume.id, group.id);
                    } else {
                        volume.startDeleting(now);
                        onBackend.add(new GroupMember(volume.id.toString(), volume.host));
                        LOG.infof("volume %s: delete requested with group %s", volume.id, group.id);
                    }
                }
                group.startDeleting(now);
                LOG.infof("group %s: delete requested on %s (%d volumes) by %s/%s", group.id, group.host,
                        onBackend.size(), caller.projectId(), caller.userId());
                return outbox.add(topics.volumeCommands(),
                        new DeleteGroup(group.id.toString(), group.host, onBackend)).replaceWithVoid();
            });
        })).invoke(relay::wake);
    }

    public Uni<Void> resetStatus(Caller caller, String id, GroupStatus status) {
        Instant now = CinderTime.now();
        return Panache.withTransaction(() -> visibleForUpdate(caller, id).invoke(group -> {
            String before = group.status.value();
            group.resetStatus(status, now);
            LOG.infof("group %s: status reset %s -> %s by %s/%s", group.id, before, status.value(),
                    caller.projectId(), caller.userId());
        })).replaceWithVoid();
    }

    private Uni<GroupWithVolumes> withVolumes(Group group, boolean listVolumes) {
        if (!listVolumes) {
            return Uni.createFrom().item(new GroupWithVolumes(group, null));
        }
        return groups.volumeIds(group.id).map(ids -> new GroupWithVolumes(group, ids));
    }

    private List<Volume> removable(Group group, List<Volume> members, List<String> wanted) {
        List<Volume> removed = new ArrayList<>();
        for (String volumeId : new LinkedHashSet<>(wanted)) {
            Volume member = members.stream().filter(v -> v.id.toString().equals(volumeId)).findFirst().orElse(null);
            if (member == null) {
                throw invalidVolume("Cannot remove volume " + volumeId + " from group " + group.id
                        + " because it is not in the group.");
            }
            if (!REMOVABLE.contains(member.status)) {
                throw invalidVolume("Cannot remove volume " + volumeId + " from group " + group.id + " because volume"
                        + " is in an invalid state: " + member.status.value() + ". Valid states are: "
                        + pythonList(REMOVABLE) + ".");
            }
            removed.add(member);
        }
        return removed;
    }

    private Uni<List<Volume>> addable(Group group, Map<String, String> groupSpecs, List<Volume> members,
            List<String> wanted) {
        List<VolumeReplication> replicationOfMembers = members.stream().map(member -> member.replication).toList();
        Uni<List<Volume>> found = Uni.createFrom().item(new ArrayList<>());
        for (String volumeId : wanted) {
            found = found.flatMap(list -> lockVolume(volumeId).flatMap(volume -> {
                checkAddable(group, volumeId, volume);
                return replication.joinProblems(groupSpecs, volume.volumeType.extraSpecs, volume.host,
                        volume.replication, volume.replicationStatus, replicationOfMembers).map(problems -> {
                            if (!problems.isEmpty()) {
                                throw invalidVolume("Cannot add volume " + volumeId + " to group " + group.id
                                        + " because " + String.join("; ", problems) + ".");
                            }
                            list.add(volume);
                            return list;
                        });
            }));
        }
        return found;
    }

    private Uni<Volume> lockVolume(String volumeId) {
        UUID id = Uuids.parse(volumeId);
        if (id == null) {
            return Uni.createFrom().nullItem();
        }
        // The type is lazy; its id decides membership, so load it inside the session.
        return volumes.findForUpdate(id).call(volume -> volume == null || volume.volumeType == null
                ? Uni.createFrom().voidItem() : Mutiny.fetch(volume.volumeType));
    }

    private static void checkAddable(Group group, String volumeId, Volume volume) {
        String prefix = "Cannot add volume " + volumeId + " to group " + group.id;
        if (volume == null || !volume.live()) {
            throw invalidVolume(prefix + " because volume cannot be found.");
        }
        if (volume.groupId != null) {
            throw invalidVolume(prefix + " because it is already in group " + volume.groupId + ".");
        }
        if (!volume.projectId.equals(group.projectId)) {
            throw invalidVolume(prefix + " as they belong to different projects.");
        }
        if (volume.volumeType == null) {
            throw invalidVolume(prefix + " because it has no volume type.");
        }
        if (!group.hasVolumeType(volume.volumeType.id)) {
            throw invalidVolume(prefix + " because volume type " + volume.volumeType.id
                    + " is not supported by the group.");
        }
        if (!ADDABLE.contains(volume.status)) {
            throw invalidVolume(prefix + " because volume is in an invalid state: " + volume.status.value()
                    + ". Valid states are: " + pythonList(ADDABLE) + ".");
        }
        if (volume.host == null || !backendOf(volume.host).equals(backendOf(group.host))) {
            throw invalidVolume("Volume is not local to this node.");
        }
    }

    /** host@backend of a host@backend#pool location, as Cinder's extract_host compares them. */
    public static String backendOf(String host) {
        int hash = host.indexOf('#');
        return hash < 0 ? host : host.substring(0, hash);
    }

    private Uni<GroupType> groupType(Caller caller, String identity) {
        return groupTypes.findByNameOrId(identity).map(type -> {
            if (type == null || (!type.isPublic && !policy.allows(caller, Policy.GROUP_TYPE_SEE_PRIVATE))) {
                throw Uuids.parse(identity) != null ? GroupTypeService.notFound(identity)
                        : ApiException.notFound("Group type with name " + identity + " could not be found.");
            }
            return type;
        });
    }

    private Uni<List<VolumeType>> volumeTypes(Caller caller, List<String> identities) {
        Uni<List<VolumeType>> found = Uni.createFrom().item(new ArrayList<>());
        for (String identity : identities) {
            found = found.flatMap(list -> volumeTypes.findByNameOrId(identity).map(type -> {
                if (type == null || (!type.isPublic && !policy.allows(caller, Policy.TYPE_SEE_PRIVATE))) {
                    throw Uuids.parse(identity) != null ? VolumeTypeService.notFound(identity)
                            : ApiException.notFound("Volume type with name " + identity + " could not be found.");
                }
                if (list.stream().noneMatch(known -> known.id.equals(type.id))) {
                    list.add(type);
                }
                return list;
            }));
        }
        return found;
    }

    Uni<Group> visible(Caller caller, String id) {
        UUID groupId = Uuids.parse(id);
        if (groupId == null) {
            return Uni.createFrom().failure(notFound(id));
        }
        return groups.findLive(groupId).map(group -> {
            if (group == null || !canSee(caller, group)) {
                throw notFound(id);
            }
            return group;
        });
    }

    Uni<Group> visibleForUpdate(Caller caller, String id) {
        UUID groupId = Uuids.parse(id);
        if (groupId == null) {
            return Uni.createFrom().failure(notFound(id));
        }
        return groups.findForUpdate(groupId).map(group -> {
            if (group == null || !group.live() || !canSee(caller, group)) {
                throw notFound(id);
            }
            return group;
        });
    }

    /** Admins see every project's groups; others only their own, and someone else's group does not exist. */
    public static boolean canSee(Caller caller, Group group) {
        return caller.admin() || caller.projectId().equals(group.projectId);
    }

    public static ApiException notFound(Object id) {
        return ApiException.notFound("Group " + id + " could not be found.");
    }

    public static ApiException invalidGroup(String reason) {
        return ApiException.badRequest("Invalid Group: " + reason);
    }

    static ApiException invalidVolume(String reason) {
        return ApiException.badRequest("Invalid volume: " + reason);
    }

    private static String pythonList(Set<VolumeStatus> statuses) {
        List<String> quoted = new ArrayList<>();
        statuses.forEach(status -> quoted.add("'" + status.value() + "'"));
        return "(" + String.join(", ", quoted) + ")";
    }
}
