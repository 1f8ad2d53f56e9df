package org.replication.v3.api.group.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
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

    private static final String TARGETS = "replication_targets";

    private final GroupService groups;
    private final GroupTypeRepository groupTypes;
    private final BackendReports backends;
    private final FailoverService failover;
    private final ObjectMapper json;

    public GroupReplication(GroupService groups, GroupTypeRepository groupTypes,
            BackendReports backends, FailoverService failover, ObjectMapper json) {
        this.groups = groups;
        this.groupTypes = groupTypes;
        this.backends = backends;
        this.failover = failover;
        this.json = json;
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
            return backends.find(VolumeHost.parse(group.host).backendHost()).map(report -> report == null
                    ? List.of() : backendIds(report.capabilities().get(TARGETS)));
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

    /** Reports carry the targets as JSON text: a list of objects with backend_id (or of plain ids). */
    private List<Map<String, Object>> backendIds(String targets) {
        List<Map<String, Object>> ids = new ArrayList<>();
        if (targets == null || targets.isBlank()) {
            return ids;
        }
        try {
            for (JsonNode target : json.readTree(targets)) {
                JsonNode id = target.isObject() ? target.get("backend_id") : target;
                if (id != null && id.isTextual()) {
                    ids.add(Map.of("backend_id", id.textValue()));
                }
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("capability replication_targets unreadable: " + targets, e);
        }
        return ids;
    }
}
