package org.replication.v3.api.group.service;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import org.replication.v3.api.auth.Caller;
import org.replication.v3.api.backend.repository.BackendReports;
import org.replication.v3.api.error.ApiException;
import org.replication.v3.api.failover.FailoverOperation;
import org.replication.v3.api.failover.FailoverOrder;
import org.replication.v3.api.failover.service.FailoverService;
import org.replication.v3.api.group.Group;
import org.replication.v3.api.group.GroupSpecs;
import org.replication.v3.api.group.GroupStatus;
import org.replication.v3.api.group.repository.GroupTypeRepository;
import org.replication.v3.api.volume.Volume;
import org.replication.v3.api.volume.VolumeStatus;
import org.replication.v3.common.failover.FailoverAction;
import org.replication.v3.common.replication.ReplicationScope;
import org.replication.v3.common.volume.VolumeHost;

/**
 * Cinder's group replication actions on top of the failover workflow: {@code failover_replication} starts a
 * group-scope operation (Cinder's {@code secondary_backend_id=default} fails back), {@code list_replication_targets}
 * reads the targets the group's backend reports.
 */
@ApplicationScoped
public class GroupReplication {


    private final GroupService groups;
    private final GroupTypeRepository groupTypes;
    private final BackendReports backends;
    private final FailoverService failover;

    public GroupReplication(GroupService groups, GroupTypeRepository groupTypes,
            BackendReports backends, FailoverService failover) {
        this.groups = groups;
        this.groupTypes = groupTypes;
        this.backends = backends;
        this.failover = failover;
    }

    /** Cinder's checks (group available, volumes available or, when allowed, in-use), then the operation. */
    @WithSession
    public Uni<FailoverOperation> failover(Caller caller, String id, boolean allowAttached, String secondary) {
        return replicated(caller, id).flatMap(group -> {
            if (group.status != GroupStatus.AVAILABLE) {
                throw ApiException.badRequest("Invalid group: Group status must be available, but current status"
                        + " is: " + group.status.value() + ".");
            }
            return Volume.<Volume>list("groupId = ?1 and deletedAt is null", group.id).flatMap(members -> {
                for (Volume volume : members) {
                    attachable(volume, allowAttached);
                }
                boolean failback = FailoverOrder.PRIMARY.equals(secondary);
                return failover.submit(caller, new FailoverOrder(failback ? FailoverAction.FAILBACK
                        : FailoverAction.FAILOVER, ReplicationScope.GROUP, List.of(group.id.toString()),
                        failback ? null : secondary, false, "group failover_replication", false, null));
            });
        });
    }

    /** {@code [{"backend_id": ...}]} from the latest capability report of the group's backend. */
    @WithSession
    public Uni<List<Map<String, Object>>> targets(Caller caller, String id) {
        return replicated(caller, id).flatMap(group -> {
            if (group.host == null) {
                return Uni.createFrom().item(List.<Map<String, Object>>of());
            }
            // Cinder shows non-admins only each target's backend_id; so do we, to everyone.
            return backends.find(VolumeHost.parse(group.host).backendHost()).map(report -> report == null
                    ? List.of() : report.replicationTargets().stream()
                            .map(target -> Map.<String, Object>of("backend_id", target.backendId())).toList());
        });
    }

    private Uni<Group> replicated(Caller caller, String id) {
        return groups.visible(caller, id).flatMap(group -> groupTypes.findById(group.groupTypeId).map(type -> {
            if (type == null || !GroupSpecs.replicationEnabled(type.groupSpecs)) {
                throw ApiException.badRequest("Invalid group type: Group " + group.id
                        + " is not a replication group type.");
            }
            return group;
        }));
    }

    private static void attachable(Volume volume, boolean allowAttached) {
        if (volume.status == VolumeStatus.IN_USE && !allowAttached) {
            throw ApiException.badRequest("Invalid group: Volume " + volume.id + " is attached: detach it, or set"
                    + " allow_attached_volume to fail over attached volumes.");
        }
        if (volume.status != VolumeStatus.AVAILABLE && volume.status != VolumeStatus.IN_USE) {
            throw ApiException.badRequest("Invalid group: Volume " + volume.id + " has status "
                    + volume.status.value() + "; it must be available or in-use to fail over.");
        }
    }
}
