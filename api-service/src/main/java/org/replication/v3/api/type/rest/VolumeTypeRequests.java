package org.replication.v3.api.type.rest;

import static org.replication.v3.api.validation.PythonText.quote;
import static org.replication.v3.api.validation.PythonText.repr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.replication.v3.api.error.ApiException;
import org.replication.v3.api.type.service.NewVolumeType;
import org.replication.v3.api.type.service.TypeChanges;
import org.replication.v3.api.validation.CinderSchema;

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
        ObjectNode root = CinderSchema.object(body, "extra_specs");
        JsonNode specs = root.get("extra_specs");
        if (specs == null) {
            throw ApiException.badRequest("'extra_specs' is a required property");
        }
        CinderSchema.onlyProperties(root, null, Set.of("extra_specs"));
        return CinderSchema.stringMap("extra_specs", specs, CinderSchema.EXTRA_SPEC_KEY, false);
    }

    /** {@code {"<key>": "<value>"}}: exactly the one spec the URL names. */
    static Map<String, String> oneExtraSpec(JsonNode body, String key) {
        ObjectNode root = CinderSchema.object(body, key);
        if (root.isEmpty()) {
            throw ApiException.badRequest("Request body empty");
        }
        if (root.size() > 1) {
            throw ApiException.badRequest("Request body contains too many items");
        }
        if (!root.has(key)) {
            throw ApiException.badRequest("Request body and URI mismatch");
        }
        if (!CinderSchema.EXTRA_SPEC_KEY.matcher(key).matches()) {
            throw ApiException.badRequest("Additional properties are not allowed (" + quote(key) + " was unexpected)");
        }
        JsonNode value = root.get(key);
        if (!value.isTextual()) {
            throw CinderSchema.notOfType(key, value, "'string'");
        }
        if (value.textValue().length() > CinderSchema.MAX_STRING) {
            throw CinderSchema.field(key, value, repr(value) + " is too long");
        }
        return Map.of(key, value.textValue());
    }

    /** Cinder's 'name' format: a non-blank string of 1 to 255 characters. */
    private static String name(ObjectNode type) {
        JsonNode name = type.get("name");
        if (name == null) {
            throw CinderSchema.field("volume_type", type, "'name' is a required property");
        }
        if (!name.isTextual()) {
            throw CinderSchema.notOfType("name", name, "'string'");
        }
        String text = name.textValue();
        if (text.isEmpty()) {
            throw CinderSchema.field("name", name, "'' is too short");
        }
        if (text.length() > CinderSchema.MAX_STRING) {
            throw CinderSchema.field("name", name, repr(name) + " is too long");
        }
        if (text.isBlank()) {
            throw ApiException.badRequest("An invalid 'name' value was provided. The 'name' can not be empty.");
        }
        return text;
    }
}
