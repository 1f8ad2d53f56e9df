package org.replication.v3.api.volume.rest;

import jakarta.ws.rs.core.MultivaluedMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.replication.v3.api.auth.Caller;
import org.replication.v3.api.auth.Policy;
import org.replication.v3.api.error.ApiException;
import org.replication.v3.api.http.ListParameters;
import org.replication.v3.api.validation.CinderSchema;
import org.replication.v3.api.validation.PythonDict;
import org.replication.v3.api.validation.Uuids;
import org.replication.v3.api.version.ApiVersion;
import org.replication.v3.api.version.Microversions;
import org.replication.v3.api.volume.VolumeStatus;
import org.replication.v3.api.volume.repository.VolumeFilters;
import org.replication.v3.api.volume.repository.VolumeQuery;
import org.replication.v3.api.volume.repository.VolumeSortColumn;

/**
 * Reads the query of a volume list as Cinder does: {@code limit} (capped at the configured maximum), {@code marker},
 * {@code sort} or the older {@code sort_key}/{@code sort_dir}, {@code with_count} from 3.45, {@code all_tenants} and
 * {@code project_id} for admins, and the filters of Cinder's resource_filters.json for volumes: {@code name},
 * {@code status}, {@code metadata}, {@code bootable}, {@code availability_zone}, {@code size}, and {@code name~} (a
 * part of the name) from 3.34. Other filters a non-admin sends are refused from 3.33 and dropped before it, except
 * {@code all_tenants}, which cinderclient always sends and which is ignored.
 *
 * @param query     the page to read
 * @param withCount whether the answer carries the total
 * @param empty     whether the filters cannot match anything (an unknown status), so nothing needs reading
 */
record VolumeListParams(VolumeQuery query, boolean withCount, boolean empty) {

    private static final List<VolumeQuery.SortKey> NEWEST_FIRST =
            List.of(new VolumeQuery.SortKey(VolumeSortColumn.CREATED_AT, false));
    /** Paging and presentation, not filters. */
    private static final Set<String> PAGING = Set.of("limit", "marker", "offset", "sort", "sort_key", "sort_dir",
            "with_count");
    /** Cinder's default resource_filters.json for volumes: what a non-admin may filter by. */
    private static final Set<String> USER_FILTERS = Set.of("name", "status", "metadata", "bootable",
            "migration_status", "availability_zone", "group_id", "size", "created_at", "updated_at",
            "consumes_quota");
    private static final String ALL_TENANTS = "all_tenants";
    private static final String LIKE = "~";

    static VolumeListParams parse(MultivaluedMap<String, String> params, ApiVersion version, Caller caller,
            Policy policy, int maxLimit) {
        int limit = ListParameters.limit(params.getFirst("limit"), maxLimit);
        String markerText = params.getFirst("marker");
        UUID marker = null;
        if (markerText != null) {
            marker = Uuids.parse(markerText);
            if (marker == null) {
                throw ApiException.notFound("Marker " + markerText + " could not be found.");
            }
        }
        List<VolumeQuery.SortKey> sort = ListParameters.sort(params, VolumeSortColumn::byApiName,
                VolumeQuery.SortKey::new, NEWEST_FIRST);
        boolean admin = policy.allows(caller, Policy.VOLUME_ALL_TENANTS);
        Set<String> filterNames = filterNames(params, version, admin);
        String project = caller.projectId();
        if (admin && Boolean.TRUE.equals(bool(params, ALL_TENANTS))) {
            project = params.getFirst("project_id");
        }
        String statusText = filterNames.contains("status") ? params.getFirst("status") : null;
        VolumeStatus status = statusText == null ? null : VolumeStatus.fromValue(statusText.toLowerCase(Locale.ROOT));
        boolean withCount = version.atLeast(Microversions.SUPPORT_COUNT_INFO)
                && Boolean.TRUE.equals(bool(params, "with_count"));
        boolean like = version.atLeast(Microversions.LIKE_FILTER);
        VolumeFilters filters = new VolumeFilters(
                filterNames.contains("name") ? params.getFirst("name") : null,
                like && filterNames.contains("name" + LIKE) ? params.getFirst("name" + LIKE) : null,
                status,
                filterNames.contains("metadata") ? metadata(params.getFirst("metadata")) : Map.of(),
                filterNames.contains("bootable") ? bool(params, "bootable") : null,
                filterNames.contains("availability_zone") ? params.getFirst("availability_zone") : null,
                filterNames.contains("size") ? size(params.getFirst("size")) : null);
        VolumeQuery query = new VolumeQuery(project, filters, sort, marker, limit);
        return new VolumeListParams(query, withCount, statusText != null && status == null);
    }

    /**
     * The filters to apply. Admins may use any; a non-admin's unknown ones are refused from 3.33 (Cinder's
     * reject_invalid_filters) and silently dropped before (remove_invalid_filter_options).
     */
    private static Set<String> filterNames(MultivaluedMap<String, String> params, ApiVersion version,
            boolean admin) {
        Set<String> names = new LinkedHashSet<>(params.keySet());
        names.removeAll(PAGING);
        names.remove(ALL_TENANTS);
        if (admin) {
            return names;
        }
        boolean like = version.atLeast(Microversions.LIKE_FILTER);
        List<String> invalid = names.stream().filter(name -> !userFilter(name, like)).toList();
        if (!invalid.isEmpty() && version.atLeast(Microversions.RESOURCE_FILTER)) {
            throw ApiException.badRequest("Invalid filters " + String.join(",", invalid)
                    + " are found in query options.");
        }
        names.removeAll(invalid);
        return names;
    }

    /** Whether a non-admin may filter by the name: a configured filter, or its {@code ~} form from 3.34. */
    private static boolean userFilter(String name, boolean like) {
        if (USER_FILTERS.contains(name)) {
            return true;
        }
        return like && name.endsWith(LIKE) && USER_FILTERS.contains(name.substring(0, name.length() - LIKE.length()));
    }

    /** Cinder's metadata filter: a dictionary in Python or JSON notation, e.g. {@code {'k': 'v'}}. */
    private static Map<String, String> metadata(String text) {
        if (text == null) {
            return Map.of();
        }
        return PythonDict.parse(text).orElseThrow(() ->
                ApiException.invalidInput("metadata filter must be a dictionary of strings, not " + text));
    }

    private static Integer size(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Integer.valueOf(text.trim());
        } catch (NumberFormatException e) {
            throw ApiException.invalidInput("size filter must be an integer, not " + text);
        }
    }

    /** A boolean parameter; absent is null, so that callers tell "not asked" from "false". */
    private static Boolean bool(MultivaluedMap<String, String> params, String name) {
        String text = params.getFirst(name);
        if (text == null) {
            return null;
        }
        return CinderSchema.parseBoolean(text.trim()).orElseThrow(() ->
                ApiException.badRequest("Value '" + text + "' for '" + name + "' is not a boolean."));
    }
}
