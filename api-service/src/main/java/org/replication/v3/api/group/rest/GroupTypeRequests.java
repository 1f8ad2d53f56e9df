package org.replication.v3.api.group.rest;

import static org.replication.v3.api.validation.PythonText.quote;
import static org.replication.v3.api.validation.PythonText.repr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.replication.v3.api.error.ApiException;
import org.replication.v3.api.group.service.GroupTypeChange;
import org.replication.v3.api.group.service.NewGroupType;
import org.replication.v3.api.validation.CinderSchema;

/** Reads group type and group spec bodies by Cinder's schemas ({@code group_types.py}, {@code group_specs.py}). */
final class GroupTypeRequests {

    /** Cinder's group spec keys: letters, digits and {@code -_:. } (spaces allowed), 1 to 255 characters. */
    private static final Pattern SPEC_KEY = Pattern.compile("^[a-zA-Z0-9-_:. ]{1,255}$");
    private static final Set<String> TYPE_FIELDS = Set.of("name", "description", "is_public", "group_specs");
    private static final Set<String> UPDATE_FIELDS = Set.of("name", "description", "is_public");

    private GroupTypeRequests() {
    }

    static NewGroupType create(JsonNode body) {
        ObjectNode type = CinderSchema.member(body, "group_type");
        CinderSchema.onlyProperties((ObjectNode) body, null, Set.of("group_type"));
        CinderSchema.onlyProperties(type, "group_type", TYPE_FIELDS);
        if (type.get("name") == null) {
            throw CinderSchema.field("group_type", type, "'name' is a required property");
        }
        String name = name(type.get("name"));
        String description = CinderSchema.optionalString(type, "description", CinderSchema.MAX_STRING).orElse(null);
        boolean isPublic = CinderSchema.optionalBoolean(type, "is_public").orElse(true);
        Map<String, String> specs = CinderSchema.stringMap(type, "group_specs", SPEC_KEY, false);
        return new NewGroupType(name, description, isPublic, specs);
    }

    static GroupTypeChange update(JsonNode body) {
        ObjectNode type = CinderSchema.member(body, "group_type");
        CinderSchema.onlyProperties((ObjectNode) body, null, Set.of("group_type"));
        CinderSchema.onlyProperties(type, "group_type", UPDATE_FIELDS);
        JsonNode nameNode = type.get("name");
        String name = nameNode == null || nameNode.isNull() ? null : name(nameNode);
        String description = CinderSchema.optionalString(type, "description", CinderSchema.MAX_STRING).orElse(null);
        Boolean isPublic = CinderSchema.optionalBoolean(type, "is_public").orElse(null);
        if (name == null && description == null && isPublic == null) {
            throw ApiException.badRequest("Specify group type name, description or a combination thereof.");
        }
        return new GroupTypeChange(name, description, isPublic);
    }

    /** {@code {"group_specs": {...}}}. */
    static Map<String, String> groupSpecs(JsonNode body) {
        ObjectNode root = CinderSchema.object(body, "group_specs");
        JsonNode specs = root.get("group_specs");
        if (specs == null) {
            throw ApiException.badRequest("'group_specs' is a required property");
        }
        CinderSchema.onlyProperties(root, null, Set.of("group_specs"));
        return CinderSchema.stringMap("group_specs", specs, SPEC_KEY, false);
    }

    /** {@code {"<key>": "<value>"}}: exactly the one spec the URL names. */
    static Map<String, String> oneGroupSpec(JsonNode body, String key) {
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
        if (!SPEC_KEY.matcher(key).matches()) {
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
    private static String name(JsonNode name) {
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
