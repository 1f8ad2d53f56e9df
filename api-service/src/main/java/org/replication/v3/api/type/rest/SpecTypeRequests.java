package org.replication.v3.api.type.rest;

import static org.replication.v3.api.validation.PythonText.quote;
import static org.replication.v3.api.validation.PythonText.repr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.replication.v3.api.error.ApiException;
import org.replication.v3.api.validation.CinderSchema;

/**
 * The parts of volume type and group type bodies that Cinder's schemas read alike: the name, the specs of a set
 * call and the one spec of a key's update. Each kind has its own member names and spec key pattern.
 */
public final class SpecTypeRequests {

    private SpecTypeRequests() {
    }

    /** Cinder's 'name' format: a non-blank string of 1 to 255 characters. */
    public static String name(JsonNode name) {
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

    /** {@code {"<member>": {...}}}: keys matching {@code keys}, string values. */
    public static Map<String, String> specs(JsonNode body, String member, Pattern keys) {
        ObjectNode root = CinderSchema.object(body, member);
        JsonNode specs = root.get(member);
        if (specs == null) {
            throw ApiException.badRequest("'" + member + "' is a required property");
        }
        CinderSchema.onlyProperties(root, null, Set.of(member));
        return CinderSchema.stringMap(member, specs, keys, false);
    }

    /** {@code {"<key>": "<value>"}}: exactly the one spec the URL names. */
    public static Map<String, String> oneSpec(JsonNode body, String key, Pattern keys) {
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
        if (!keys.matcher(key).matches()) {
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
}
