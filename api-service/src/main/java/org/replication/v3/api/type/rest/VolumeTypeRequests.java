package org.replication.v3.api.type.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.replication.v3.api.error.ApiException;
import org.replication.v3.api.http.ListParameters;
import org.replication.v3.api.type.VolumeType;
import org.replication.v3.api.type.mapping.VolumeTypeView;
import org.replication.v3.api.type.service.NewVolumeType;
import org.replication.v3.api.type.service.TypeChanges;
import org.replication.v3.api.type.service.TypeListQuery;
import org.replication.v3.api.validation.CinderSchema;
import org.replication.v3.api.validation.PythonDict;
import org.replication.v3.api.validation.Uuids;
import org.replication.v3.api.version.ApiVersion;
import org.replication.v3.api.version.Microversions;

/** Reads volume type and extra spec bodies by Cinder's schemas ({@code volume_types.py}, {@code types_extra_specs.py}). */
final class VolumeTypeRequests {

    private static final Set<String> TYPE_FIELDS = Set.of("name", "description", "extra_specs",
            "os-volume-type-access:is_public");

    private VolumeTypeRequests() {
    }

    static NewVolumeType create(JsonNode body) {
        ObjectNode type = CinderSchema.member(body, "volume_type");
        CinderSchema.onlyProperties((ObjectNode) body, null, Set.of("volume_type"));
        CinderSchema.onlyProperties(type, "volume_type", TYPE_FIELDS);
        String name = name(type);
        String description = CinderSchema.optionalString(type, "description", CinderSchema.MAX_STRING).orElse(null);
        Map<String, String> specs = CinderSchema.stringMap(type, "extra_specs", CinderSchema.METADATA_KEY, true);
        // A spec given without a value constrains nothing; keeping it would hand null to the scheduler.
        specs.values().removeIf(value -> value == null);
        boolean isPublic = CinderSchema.optionalBoolean(type, "os-volume-type-access:is_public").orElse(true);
        return new NewVolumeType(name, description, isPublic, specs);
    }

    private static final Set<String> UPDATE_FIELDS = Set.of("name", "description", "is_public");
    private static final Set<String> ACCESS_ACTIONS = Set.of("addProjectAccess", "removeProjectAccess");

    /** Cinder's type update: any of name, description, is_public; at least one of them not null. */
    static TypeChanges update(JsonNode body) {
        ObjectNode type = CinderSchema.member(body, "volume_type");
        CinderSchema.onlyProperties((ObjectNode) body, null, Set.of("volume_type"));
        CinderSchema.onlyProperties(type, "volume_type", UPDATE_FIELDS);
        String name = CinderSchema.optionalString(type, "name", CinderSchema.MAX_STRING).orElse(null);
        String description = CinderSchema.optionalString(type, "description", CinderSchema.MAX_STRING).orElse(null);
        Boolean isPublic = CinderSchema.optionalBoolean(type, "is_public").orElse(null);
        if (name != null && name.isBlank()) {
            throw ApiException.badRequest("Volume type name can not be empty.");
        }
        if (name == null && description == null && isPublic == null) {
            throw ApiException.badRequest("Specify volume type name, description, is_public or a combination"
                    + " thereof.");
        }
        return new TypeChanges(name, description, isPublic);
    }

    /**
     * The paging of a type list: {@code limit} (at most {@code maxLimit}), {@code marker}, and {@code sort} or
     * {@code sort_key}/{@code sort_dir}; newest first without them.
     */
    static TypeListQuery listQuery(MultivaluedMap<String, String> params, ApiVersion version,
            VolumeTypeView.Context view, int maxLimit) {
        String sort = params.getFirst("sort");
        String sortKey = params.getFirst("sort_key");
        String sortDir = params.getFirst("sort_dir");
        if (sort != null && (sortKey != null || sortDir != null)) {
            throw ApiException.badRequest("The 'sort_key' and 'sort_dir' parameters are deprecated and cannot be used"
                    + " with the 'sort' parameter.");
        }
        List<String[]> keys = new ArrayList<>();
        if (sort != null) {
            for (String item : sort.split(",")) {
                String[] parts = item.trim().split(":", 2);
                keys.add(new String[] {parts[0].trim(), parts.length == 2 ? parts[1].trim() : null});
            }
        } else if (sortKey != null) {
            String[] names = sortKey.split(",");
            String[] dirs = sortDir == null ? new String[0] : sortDir.split(",");
            for (int i = 0; i < names.length; i++) {
                keys.add(new String[] {names[i].trim(), i < dirs.length ? dirs[i].trim() : null});
            }
        } else {
            keys.add(new String[] {"created_at", sortDir});
        }
        Comparator<VolumeType> order = null;
        boolean lastAscending = false;
        for (String[] key : keys) {
            lastAscending = ascending(key[1]);
            Comparator<VolumeType> next = TypeListQuery.by(key[0], lastAscending);
            order = order == null ? next : order.thenComparing(next);
        }
        order = order.thenComparing(TypeListQuery.by("id", lastAscending));
        String markerText = params.getFirst("marker");
        UUID marker = null;
        if (markerText != null) {
            marker = Uuids.parse(markerText);
            if (marker == null) {
                throw ApiException.notFound("Marker " + markerText + " could not be found.");
            }
        }
        return new TypeListQuery(extraSpecsFilter(params.getFirst("extra_specs"), version, view), order, marker,
                ListParameters.limit(params.getFirst("limit"), maxLimit));
    }

    /**
     * The {@code extra_specs} filter (3.52), a dictionary in Python or JSON notation. A caller filters only by the
     * specs it may read, so that a filter cannot reveal a sensitive spec's value.
     */
    private static Map<String, String> extraSpecsFilter(String text, ApiVersion version, VolumeTypeView.Context view) {
        if (text == null || !version.atLeast(Microversions.SUPPORT_VOLUME_TYPE_FILTER)) {
            return Map.of();
        }
        Map<String, String> specs = PythonDict.parse(text).orElseThrow(() ->
                ApiException.invalidInput("extra_specs filter must be a dictionary of strings, not " + text));
        return view.visibleSpecs(specs);
    }

    private static boolean ascending(String direction) {
        if (direction == null || direction.isEmpty() || direction.equalsIgnoreCase("desc")) {
            return false;
        }
        if (direction.equalsIgnoreCase("asc")) {
            return true;
        }
        throw ApiException.invalidInput("Unknown sort direction, must be 'desc' or 'asc'");
    }

    /** {@code {"default_type": {"volume_type": "<name or id>"}}}. */
    static String defaultType(JsonNode body) {
        ObjectNode defaultType = CinderSchema.member(body, "default_type");
        CinderSchema.onlyProperties((ObjectNode) body, null, Set.of("default_type"));
        CinderSchema.onlyProperties(defaultType, "default_type", Set.of("volume_type"));
        String type = CinderSchema.optionalString(defaultType, "volume_type", CinderSchema.MAX_STRING).orElseThrow(() ->
                CinderSchema.field("default_type", defaultType, "'volume_type' is a required property"));
        if (type.isEmpty()) {
            throw CinderSchema.field("volume_type", defaultType.get("volume_type"), "'' is too short");
        }
        return type;
    }

    /** Cinder's is_public list filter: absent is true, {@code None} (any case) is every type. */
    static Boolean isPublic(String text) {
        if (text == null) {
            return Boolean.TRUE;
        }
        if (text.equalsIgnoreCase("none")) {
            return null;
        }
        return CinderSchema.parseBoolean(text.strip().toLowerCase(Locale.ROOT)).orElseThrow(() ->
                ApiException.badRequest("Invalid is_public filter [" + text + "]"));
    }

    /** {@code {"addProjectAccess": {"project": "<id>"}}} or the same with {@code removeProjectAccess}. */
    static AccessChange accessChange(JsonNode body) {
        ObjectNode root = CinderSchema.object(body, "addProjectAccess");
        String action = null;
        for (String candidate : ACCESS_ACTIONS) {
            if (root.has(candidate)) {
                action = candidate;
            }
        }
        if (action == null || root.size() != 1) {
            throw ApiException.badRequest("There is no such action: " + String.join(", ", fieldNames(root)));
        }
        ObjectNode access = CinderSchema.member(body, action);
        CinderSchema.onlyProperties(access, action, Set.of("project"));
        JsonNode project = access.get("project");
        if (project == null) {
            throw CinderSchema.field(action, access, "'project' is a required property");
        }
        if (!project.isTextual()) {
            throw CinderSchema.notOfType("project", project, "'string'");
        }
        String id = project.textValue().strip();
        if (id.isEmpty() || id.length() > CinderSchema.MAX_STRING) {
            throw ApiException.badRequest("Invalid project: '" + project.textValue() + "'");
        }
        return new AccessChange("addProjectAccess".equals(action), id);
    }

    /** An access list change: grant or revoke, and for which project. */
    record AccessChange(boolean grant, String projectId) {
    }

    private static List<String> fieldNames(ObjectNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** {@code {"extra_specs": {...}}}: keys without spaces, string values. */
    static Map<String, String> extraSpecs(JsonNode body) {
        return SpecTypeRequests.specs(body, "extra_specs", CinderSchema.EXTRA_SPEC_KEY);
    }

    /** {@code {"<key>": "<value>"}}: exactly the one spec the URL names. */
    static Map<String, String> oneExtraSpec(JsonNode body, String key) {
        return SpecTypeRequests.oneSpec(body, key, CinderSchema.EXTRA_SPEC_KEY);
    }

    /** Cinder's 'name' format, and required. */
    private static String name(ObjectNode type) {
        JsonNode name = type.get("name");
        if (name == null) {
            throw CinderSchema.field("volume_type", type, "'name' is a required property");
        }
        return SpecTypeRequests.name(name);
    }
}
