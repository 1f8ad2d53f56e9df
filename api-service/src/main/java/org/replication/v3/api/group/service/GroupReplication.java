package org.replication.v3.api.group.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.replication.v3.api.auth.Caller;
import org.replication.v3.api.backend.repository.BackendReports;
import org.replication.v3.api.error.ApiException;
import org.replication.v3.api.failover.FailoverOperation;
import org.replication.v3.api.failover.FailoverOrder;
import org.replication.v3.api.failover.service.FailoverService;
import org.replication.v3.api.group.Group;
import org.replication.v3.api.group.GroupSpecs;
import org.replication.v3.api.group.GroupStatus;
import org.replication.v3.api.group.repository.GroupRepository;
import org.replication.v3.api.group.repository.GroupTypeRepository;
import org.replication.v3.api.http.CinderTime;
import org.replication.v3.api.volume.Volume;
import org.replication.v3.api.volume.VolumeStatus;
import org.replication.v3.common.failover.FailoverAction;
import org.replication.v3.common.group.ChangeGroupReplication;
import org.replication.v3.common.group.GroupMember;
import org.replication.v3.common.messaging.TopicNames;
import org.replication.v3.common.outbox.Outbox;
import org.replication.v3.common.outbox.OutboxRelay;
import org.replication.v3.common.replication.ReplicationScope;
import org.replication.v3.common.replication.ReplicationStatus;
import org.replication.v3.common.volume.VolumeHost;

/**
 * Cinder's group replication actions (Tiramisu), with the checks of {@code cinder/group/api.py}:
 * {@code enable_replication} / {@code disable_replication} turn the group {@code enabling} / {@code disabling} and
 * ask its volume-service to switch the group's volumes at group scope (the answer settles it);
 * {@code failover_replication} turns it {@code failing-over} and starts a group-scope operation (Cinder's
 * {@code secondary_backend_id=default} fails back), which settles it when it ends; {@code list_replication_targets}
 * reads the targets the group's backend reports.
 */
@ApplicationScoped
public class GroupReplication {

    private static final Logger LOG = Logger.getLogger(GroupReplication.class);
    private static final List<String> GROUP_AVAILABLE = List.of(GroupStatus.AVAILABLE.value());
    private static final List<String> GROUP_AVAILABLE_OR_ERROR = List.of(GroupStatus.AVAILABLE.value(),
            GroupStatus.ERROR.value());
    private static final List<String> VOLUME_IN_SERVICE = List.of(VolumeStatus.AVAILABLE.value(),
            VolumeStatus.IN_USE.value());

    @Inject
    GroupService groups;

    @Inject
    GroupRepository groupRecords;

    @Inject
    GroupTypeRepository groupTypes;

    @Inject
    BackendReports backends;

    @Inject
    FailoverService failover;

    @Inject
    Outbox outbox;

    @Inject
    OutboxRelay relay;

    @Inject
    TopicNames topics;

    /** enable_replication: group available, group and volumes disabled or enabled, volumes available or in-use. */
    public Uni<Void> enable(Caller caller, String id) {
        return change(caller, id, true, GROUP_AVAILABLE, Group.ENABLE_FROM, "Cannot enable replication.");
    }

    /** disable_replication: group available or error, group and volumes enabled or error. */
    public Uni<Void> disable(Caller caller, String id) {
        return change(caller, id, false, GROUP_AVAILABLE_OR_ERROR, Group.DISABLE_FROM, "Cannot disable replication.");
    }

    private Uni<Void> change(Caller caller, String id, boolean enable, List<String> groupStatuses,
            List<String> replicationStatuses, String refusal) {
        Instant now = CinderTime.now();
        return Panache.withTransaction(() -> groups.visibleForUpdate(caller, id).flatMap(this::replicationType)
                .flatMap(group -> {
                    check(group, groupStatuses, replicationStatuses, refusal);
                    return groupRecords.volumesForUpdate(group.id).flatMap(members -> {
                        for (Volume volume : members) {
                            if (enable && !VOLUME_IN_SERVICE.contains(volume.status.value())) {
                                throw GroupService.invalidVolume("Volume " + volume.id + " status must be "
                                        + pythonList(VOLUME_IN_SERVICE) + ", but current status is: "
                                        + volume.status.value() + ". " + refusal);
                            }
                            if (!replicationStatuses.contains(volume.replicationStatus)) {
                                throw GroupService.invalidVolume("Volume " + volume.id + " replication status must"
                                        + " be " + pythonList(replicationStatuses) + ", but current status is: "
                                        + volume.replicationStatus + ". " + refusal);
                            }
                        }
                        String changing = (enable ? ReplicationStatus.ENABLING : ReplicationStatus.DISABLING).value();
                        members.forEach(volume -> volume.replicationSwitched(changing, now));
                        group.replicationChanging(enable, now);
                        List<GroupMember> onBackend = members.stream().filter(volume -> volume.host != null)
                                .map(volume -> new GroupMember(volume.id.toString(), volume.host)).toList();
                        LOG.infof("group %s: %s replication of %d volumes requested on %s by %s/%s", group.id,
                                enable ? "enable" : "disable", onBackend.size(), group.host, caller.projectId(),
                                caller.userId());
                        return outbox.add(topics.volumeCommands(),
                                new ChangeGroupReplication(group.id.toString(), group.host, enable, onBackend));
                    });
                })).invoke(relay::wake).replaceWithVoid();
    }

    /**
     * Cinder's checks (group available and replicating, volumes available or, when allowed, in-use), then the
     * operation; the group is failing-over from the same transaction on.
     */
    public Uni<FailoverOperation> failover(Caller caller, String id, boolean allowAttached, String secondary) {
        Instant now = CinderTime.now();
        return Panache.withTransaction(() -> groups.visibleForUpdate(caller, id).flatMap(this::replicationType)
                .flatMap(group -> {
                    check(group, GROUP_AVAILABLE, Group.FAILOVER_FROM, "Cannot failover replication.");
                    return groupRecords.volumes(group.id).flatMap(members -> {
                        for (Volume volume : members) {
                            attachable(volume, allowAttached);
                        }
                        boolean failback = FailoverOrder.PRIMARY.equals(secondary);
                        return failover.accept(caller, new FailoverOrder(failback ? FailoverAction.FAILBACK
                                : FailoverAction.FAILOVER, ReplicationScope.GROUP, List.of(group.id.toString()),
                                failback ? null : secondary, false, "group failover_replication", false))
                                .invoke(operation -> {
                                    group.failingOver(now);
                                    LOG.infof("group %s: failing-over to %s (operation %s)", group.id,
                                            failback ? FailoverOrder.PRIMARY : secondary, operation.id);
                                });
                    });
                })).invoke(relay::wake);
    }

    /** {@code [{"backend_id": ...}]} from the latest capability report of the group's backend. */
    @WithSession
    public Uni<List<Map<String, Object>>> targets(Caller caller, String id) {
        return groups.visible(caller, id).flatMap(this::replicationType).flatMap(group -> {
            if (group.host == null) {
                return Uni.createFrom().item(List.<Map<String, Object>>of());
            }
            // Cinder shows non-admins only each target's backend_id; so do we, to everyone.
            return backends.find(VolumeHost.parse(group.host).backendHost()).map(report -> report == null
                    ? List.of() : report.replicationTargets().stream()
                            .map(target -> Map.<String, Object>of("backend_id", target.backendId())).toList());
        });
    }

    /** Cinder's _check_type: only a group of a replication group type has replication actions. */
    private Uni<Group> replicationType(Group group) {
        return groupTypes.findById(group.groupTypeId).map(type -> {
            if (type == null || !GroupSpecs.replicationEnabled(type.groupSpecs)) {
                throw ApiException.badRequest("Invalid group type: Group " + group.id
                        + " is not a replication group type.");
            }
            return group;
        });
    }

    private static void check(Group group, List<String> statuses, List<String> replicationStatuses,
            String refusal) {
        if (!statuses.contains(group.status.value())) {
            throw GroupService.invalidGroup("Group " + group.id + " status must be " + pythonList(statuses)
                    + ", but current status is: " + group.status.value() + ". " + refusal);
        }
        if (!replicationStatuses.contains(group.replicationStatus)) {
            throw GroupService.invalidGroup("Group " + group.id + " replication status must be "
                    + pythonList(replicationStatuses) + ", but current status is: " + group.replicationStatus + ". "
                    + refusal);
        }
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

    /** A list as Cinder's messages print it: {@code ['enabled', 'error']}. */
    private static String pythonList(List<String> values) {
        return values.stream().map(value -> "'" + value + "'").collect(Collectors.joining(", ", "[", "]"));
    }
}
