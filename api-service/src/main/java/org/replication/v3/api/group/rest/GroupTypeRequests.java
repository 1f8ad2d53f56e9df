package org.replication.v3.api.group.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.replication.v3.api.error.ApiException;
import org.replication.v3.api.group.service.NewGroupType;
import org.replication.v3.api.type.rest.SpecTypeRequests;
import org.replication.v3.api.type.service.TypeChanges;
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
        String name = SpecTypeRequests.name(type.get("name"));
        String description = CinderSchema.optionalString(type, "description", CinderSchema.MAX_STRING).orElse(null);
        boolean isPublic = CinderSchema.optionalBoolean(type, "is_public").orElse(true);
        Map<String, String> specs = CinderSchema.stringMap(type, "group_specs", SPEC_KEY, false);
        return new NewGroupType(name, description, isPublic, specs);
    }

    static TypeChanges update(JsonNode body) {
        ObjectNode type = CinderSchema.member(body, "group_type");
        CinderSchema.onlyProperties((ObjectNode) body, null, Set.of("group_type"));
        CinderSchema.onlyProperties(type, "group_type", UPDATE_FIELDS);
        JsonNode nameNode = type.get("name");
        String name = nameNode == null || nameNode.isNull() ? null : SpecTypeRequests.name(nameNode);
        String description = CinderSchema.optionalString(type, "description", CinderSchema.MAX_STRING).orElse(null);
        Boolean isPublic = CinderSchema.optionalBoolean(type, "is_public").orElse(null);
        if (name == null && description == null && isPublic == null) {
            throw ApiException.badRequest("Specify group type name, description or a combination thereof.");
        }
        return new TypeChanges(name, description, isPublic);
    }

    /** {@code {"group_specs": {...}}}. */
    static Map<String, String> groupSpecs(JsonNode body) {
        return SpecTypeRequests.specs(body, "group_specs", SPEC_KEY);
    }

    /** {@code {"<key>": "<value>"}}: exactly the one spec the URL names. */
    static Map<String, String> oneGroupSpec(JsonNode body, String key) {
        return SpecTypeRequests.oneSpec(body, key, SPEC_KEY);
    }
}
