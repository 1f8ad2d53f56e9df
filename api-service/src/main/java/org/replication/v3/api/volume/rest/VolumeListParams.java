package org.replication.v3.api.volume.rest;

import jakarta.ws.rs.core.MultivaluedMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.replication.v3.api.auth.Caller;
import org.replication.v3.api.auth.Policy;
import org.replication.v3.api.error.ApiException;
import org.replication.v3.api.validation.CinderSchema;
import org.replication.v3.api.validation.Uuids;
import org.replication.v3.api.version.ApiVersion;
import org.replication.v3.api.version.Microversions;
import org.replication.v3.api.volume.VolumeStatus;
import org.replication.v3.api.volume.repository.VolumeQuery;
import org.replication.v3.api.volume.repository.VolumeSortColumn;

/**
 * Reads the query of a volume list as Cinder does: {@code limit} (capped at the configured maximum), {@code marker},
 * {@code sort} or the older {@code sort_key}/{@code sort_dir}, the {@code name} and {@code status} filters,
 * {@code all_tenants} for admins and {@code with_count} from 3.45. Other parameters are ignored.
 *
 * @param query     the page to read
 * @param withCount whether the answer carries the total
 * @param empty     whether the filters cannot match anything (an unknown status), so nothing needs reading
 */
record VolumeListParams(VolumeQuery query, boolean withCount, boolean empty) {

    private static final List<VolumeQuery.SortKey> NEWEST_FIRST =
            List.of(new VolumeQuery.SortKey(VolumeSortColumn.CREATED_AT, false));

    static VolumeListParams parse(MultivaluedMap<String, String> params, ApiVersion version, Caller caller,
            Policy policy, int maxLimit) {
        int limit = limit(params.getFirst("limit"), maxLimit);
        String markerText = params.getFirst("marker");
        UUID marker = null;
        if (markerText != null) {
            marker = Uuids.parse(markerText);
            if (marker == null) {
                throw ApiException.notFound("Marker " + markerText + " could not be found.");
            }
        }
        List<VolumeQuery.SortKey> sort = sort(params);
        String project = caller.projectId();
        if (bool(params, "all_tenants") && policy.allows(caller, Policy.VOLUME_ALL_TENANTS)) {
            project = params.getFirst("project_id");
        }
        String statusText = params.getFirst("status");
        VolumeStatus status = statusText == null ? null : VolumeStatus.fromValue(statusText.toLowerCase(Locale.ROOT));
        boolean withCount = version.atLeast(Microversions.SUPPORT_COUNT_INFO) && bool(params, "with_count");
        VolumeQuery query = new VolumeQuery(project, params.getFirst("name"), status, sort, marker, limit);
        return new VolumeListParams(query, withCount, statusText != null && status == null);
    }

    private static int limit(String text, int maxLimit) {
        if (text == null) {
            return maxLimit;
        }
        int limit;
        try {
            limit = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("limit param must be an integer");
        }
        if (limit < 0) {
            throw ApiException.badRequest("limit param must be positive");
        }
        return Math.min(limit, maxLimit);
    }

    private static List<VolumeQuery.SortKey> sort(MultivaluedMap<String, String> params) {
        String sort = params.getFirst("sort");
        String sortKey = params.getFirst("sort_key");
        String sortDir = params.getFirst("sort_dir");
        if (sort != null && (sortKey != null || sortDir != null)) {
            throw ApiException.badRequest("The 'sort_key' and 'sort_dir' parameters are deprecated and cannot be used"
                    + " with the 'sort' parameter.");
        }
        List<VolumeQuery.SortKey> keys = new ArrayList<>();
        if (sort != null) {
            for (String item : sort.split(",")) {
                String[] parts = item.trim().split(":", 2);
                keys.add(key(parts[0].trim(), parts.length == 2 ? parts[1].trim() : null));
            }
        } else if (sortKey != null) {
            String[] names = sortKey.split(",");
            String[] dirs = sortDir == null ? new String[0] : sortDir.split(",");
            for (int i = 0; i < names.length; i++) {
                keys.add(key(names[i].trim(), i < dirs.length ? dirs[i].trim() : null));
            }
        } else if (sortDir != null) {
            keys.add(key("created_at", sortDir.trim()));
        }
        return keys.isEmpty() ? NEWEST_FIRST : keys;
    }

    private static VolumeQuery.SortKey key(String name, String direction) {
        VolumeSortColumn column = VolumeSortColumn.byApiName(name);
        if (column == null) {
            throw ApiException.invalidInput("Invalid sort key");
        }
        if (direction == null || direction.isEmpty() || direction.equalsIgnoreCase("desc")) {
            return new VolumeQuery.SortKey(column, false);
        }
        if (direction.equalsIgnoreCase("asc")) {
            return new VolumeQuery.SortKey(column, true);
        }
        throw ApiException.invalidInput("Unknown sort direction, must be 'desc' or 'asc'");
    }

    private static boolean bool(MultivaluedMap<String, String> params, String name) {
        String text = params.getFirst(name);
        if (text == null) {
            return false;
        }
        return CinderSchema.parseBoolean(text.trim()).orElseThrow(() ->
                ApiException.badRequest("Value '" + text + "' for '" + name + "' is not a boolean."));
    }
}
