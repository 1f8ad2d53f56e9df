package org.replication.v3.api.group.mapping;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.replication.v3.api.auth.Policy;
import org.replication.v3.api.group.Group;
import org.replication.v3.api.group.service.GroupWithVolumes;
import org.replication.v3.api.http.ApiRequest;
import org.replication.v3.api.http.CinderTime;
import org.replication.v3.api.version.ApiVersion;
import org.replication.v3.api.version.Microversions;

/** The JSON of a group as Cinder's group views write it ({@code cinder/api/v3/views/groups.py}), gated by microversion. */
public final class GroupView {

    /** What decides the shape for one request. */
    public record Context(ApiVersion version, boolean projectAttribute) {

        public static Context of(ApiRequest request, Policy policy) {
            return new Context(request.version(), policy.allows(request.caller(), Policy.GROUP_PROJECT_ATTRIBUTE));
        }
    }

    private GroupView() {
    }

    /** The answer to a create, and the entries of a plain list: id and name. */
    public static Map<String, Object> summary(Group group) {
        Map<String, Object> view = new LinkedHashMap<>(2);
        view.put("id", group.id.toString());
        view.put("name", group.name);
        return view;
    }

    public static Map<String, Object> detail(GroupWithVolumes found, Context context) {
        Group group = found.group();
        ApiVersion version = context.version();
        Map<String, Object> view = new LinkedHashMap<>(16);
        view.put("id", group.id.toString());
        view.put("status", group.status.value());
        view.put("availability_zone", group.availabilityZone);
        view.put("created_at", CinderTime.format(group.createdAt));
        view.put("name", group.name);
        view.put("description", group.description);
        view.put("group_type", group.groupTypeId.toString());
        view.put("volume_types", group.volumeTypeIds);
        if (version.atLeast(Microversions.GROUP_SNAPSHOTS)) {
            view.put("group_snapshot_id", null);
            view.put("source_group_id", null);
        }
        // Cinder writes the list only when asked for and not empty.
        List<UUID> volumeIds = found.volumeIds();
        if (version.atLeast(Microversions.GROUP_VOLUME_LIST) && volumeIds != null && !volumeIds.isEmpty()) {
            view.put("volumes", volumeIds.stream().map(UUID::toString).toList());
        }
        if (version.atLeast(Microversions.GROUP_REPLICATION)) {
            view.put("replication_status", group.replicationStatus);
        }
        if (version.atLeast(Microversions.GROUP_GROUPSNAPSHOT_PROJECT_ID) && context.projectAttribute()) {
            view.put("project_id", group.projectId);
        }
        return view;
    }
}
