package org.replication.v3.api.group.service;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.replication.v3.api.auth.Caller;
import org.replication.v3.api.error.ApiException;
import org.replication.v3.api.group.Group;
import org.replication.v3.api.group.GroupStatus;
import org.replication.v3.api.group.repository.GroupRepository;
import org.replication.v3.api.type.VolumeType;
import org.replication.v3.api.validation.Uuids;

/**
 * Whether a new volume may be created in a group (volume create with {@code group_id}, 3.13+): the caller sees the
 * group, the group is available (so it has a backend), and the volume's type is one of the group's.
 */
@ApplicationScoped
public class VolumeInGroup {

    private final GroupRepository groups;

    public VolumeInGroup(GroupRepository groups) {
        this.groups = groups;
    }

    /** The group, locked until commit so that it cannot start deleting while the volume joins it. */
    public Uni<Group> joinable(Caller caller, String groupId, VolumeType type) {
        UUID id = Uuids.parse(groupId);
        if (id == null) {
            return Uni.createFrom().failure(GroupService.notFound(groupId));
        }
        return groups.findForUpdate(id).map(group -> {
            if (group == null || !group.live() || !GroupService.canSee(caller, group)) {
                throw GroupService.notFound(groupId);
            }
            if (group.status != GroupStatus.AVAILABLE) {
                throw GroupService.invalidGroup("Group " + group.id + " status must be available to create a"
                        + " volume in it, but current status is: " + group.status.value() + ".");
            }
            if (!group.hasVolumeType(type.id)) {
                throw ApiException.invalidInput("Volume type " + type.id + " is not one of the volume types of group "
                        + group.id + ".");
            }
            return group;
        });
    }
}
