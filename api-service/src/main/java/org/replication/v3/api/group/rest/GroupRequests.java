package org.replication.v3.api.group.rest;

import static org.replication.v3.api.validation.PythonText.repr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.replication.v3.api.error.ApiException;
import org.replication.v3.api.group.GroupStatus;
import org.replication.v3.api.group.service.GroupChange;
import org.replication.v3.api.group.service.NewGroup;
import org.replication.v3.api.validation.CinderSchema;

/** Reads group bodies by Cinder's schemas ({@code cinder/api/schemas/groups.py}). */
final class GroupRequests {

    private static final Set<String> CREATE_FIELDS = Set.of("name", "description", "group_type", "volume_types",
            "availability_zone");
    private static final Set<String> UPDATE_FIELDS = Set.of("name", "description", "add_volumes", "remove_volumes");

    private GroupRequests() {
    }

    static NewGroup create(JsonNode body) {
        ObjectNode group = CinderSchema.member(body, "group");
        CinderSchema.onlyProperties((ObjectNode) body, null, Set.of("group"));
        CinderSchema.onlyProperties(group, "group", CREATE_FIELDS);
        for (String required : List.of("group_type", "volume_types")) {
            if (group.get(required) == null) {
                throw CinderSchema.field("group", group, "'" + required + "' is a required property");
            }
        }
        JsonNode groupType = group.get("group_type");
        if (!groupType.isTextual()) {
            throw CinderSchema.notOfType("group_type", groupType, "'string'");
        }
        List<String> volumeTypes = volumeTypes(group.get("volume_types"));
        String name = CinderSchema.optionalString(group, "name", CinderSchema.MAX_STRING).orElse(null);
        String description = CinderSchema.optionalString(group, "description", CinderSchema.MAX_STRING).orElse(null);
        String zone = CinderSchema.optionalString(group, "availability_zone", CinderSchema.MAX_STRING).orElse(null);
        return new NewGroup(name, description, groupType.textValue(), volumeTypes, zone);
    }

    static GroupChange update(JsonNode body) {
        ObjectNode group = CinderSchema.member(body, "group");
        CinderSchema.onlyProperties((ObjectNode) body, null, Set.of("group"));
        CinderSchema.onlyProperties(group, "group", UPDATE_FIELDS);
        String name = CinderSchema.optionalString(group, "name", CinderSchema.MAX_STRING).orElse(null);
        String description = CinderSchema.optionalString(group, "description", CinderSchema.MAX_STRING).orElse(null);
        String add = CinderSchema.optionalString(group, "add_volumes", Integer.MAX_VALUE).orElse(null);
        String remove = CinderSchema.optionalString(group, "remove_volumes", Integer.MAX_VALUE).orElse(null);
        if (name == null && description == null && add == null && remove == null) {
            throw ApiException.badRequest("Name, description, add_volumes, and remove_volumes can not be all empty"
                    + " in the request body.");
        }
        return new GroupChange(name, description, ids(add), ids(remove));
    }

    /** {@code {"delete": {"delete-volumes": bool}}}: whether the group's volumes go too. */
    static boolean delete(JsonNode action) {
        ObjectNode delete = actionObject("delete", action);
        CinderSchema.onlyProperties(delete, "delete", Set.of("delete-volumes"));
        return CinderSchema.optionalBoolean(delete, "delete-volumes").orElse(false);
    }

    /** {@code {"reset_status": {"status": "..."}}} with one of Cinder's group statuses. */
    static GroupStatus resetStatus(JsonNode action) {
        ObjectNode reset = actionObject("reset_status", action);
        CinderSchema.onlyProperties(reset, "reset_status", Set.of("status"));
        JsonNode status = reset.get("status");
        if (status == null) {
            throw CinderSchema.field("reset_status", reset, "'status' is a required property");
        }
        if (!status.isTextual()) {
            throw CinderSchema.notOfType("status", status, "'string'");
        }
        GroupStatus parsed = GroupStatus.fromValue(status.textValue());
        if (parsed == null) {
            throw ApiException.badRequest("Invalid group status: Group status: " + status.textValue()
                    + " is invalid, valid status are: " + GroupStatus.allAsPythonList() + ".");
        }
        return parsed;
    }

    /** failover_replication: {@code allow_attached_volume} (default false) and {@code secondary_backend_id}. */
    static FailoverReplication failoverReplication(JsonNode action, Set<String> allowed) {
        ObjectNode object = actionObject("failover_replication", action);
        CinderSchema.onlyProperties(object, "failover_replication", allowed);
        return new FailoverReplication(CinderSchema.optionalBoolean(object, "allow_attached_volume").orElse(false),
                CinderSchema.optionalString(object, "secondary_backend_id", CinderSchema.MAX_STRING).orElse(null));
    }

    record FailoverReplication(boolean allowAttachedVolume, String secondaryBackendId) {
    }

    /** The replication actions' bodies: objects with only the fields Cinder's schemas allow. */
    static void replication(String name, JsonNode action, Set<String> allowed) {
        CinderSchema.onlyProperties(actionObject(name, action), name, allowed);
    }

    private static ObjectNode actionObject(String name, JsonNode action) {
        if (action == null || action.isNull()) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (!action.isObject()) {
            throw CinderSchema.notOfType(name, action, "'object'");
        }
        return (ObjectNode) action;
    }

    private static List<String> volumeTypes(JsonNode types) {
        if (!types.isArray()) {
            throw CinderSchema.notOfType("volume_types", types, "'array'");
        }
        if (types.isEmpty()) {
            throw CinderSchema.field("volume_types", types, "[] is too short");
        }
        List<String> names = new ArrayList<>();
        for (JsonNode type : types) {
            if (!type.isTextual()) {
                throw CinderSchema.notOfType("volume_types", type, "'string'");
            }
            if (type.textValue().length() > CinderSchema.MAX_STRING) {
                throw CinderSchema.field("volume_types", type, repr(type) + " is too long");
            }
            names.add(type.textValue());
        }
        return names;
    }

    /** Cinder's comma-separated id lists; blanks between commas are nothing. */
    private static List<String> ids(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        return Arrays.stream(text.split(",")).map(String::strip).filter(id -> !id.isEmpty()).toList();
    }
}
