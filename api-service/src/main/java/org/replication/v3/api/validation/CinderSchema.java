package org.replication.v3.api.validation;

import static org.replication.v3.api.validation.PythonText.quote;
import static org.replication.v3.api.validation.PythonText.repr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.replication.v3.api.error.ApiException;

/**
 * Checks request bodies against the rules of Cinder's JSON schemas ({@code cinder/api/schemas}) and words each
 * refusal as Cinder's validator does ({@code Invalid input for field/attribute x. Value: v. reason}), so that
 * clients and operators see the messages they know.
 */
public final class CinderSchema {

    /** Keys of volume metadata and of extra specs given at type creation. */
    public static final Pattern METADATA_KEY = Pattern.compile("^[a-zA-Z0-9-_:. /]{1,255}$");
    /** Keys of extra specs set on an existing type (Cinder's extra_specs_with_no_spaces_key). */
    public static final Pattern EXTRA_SPEC_KEY = Pattern.compile("^[a-zA-Z0-9-_:.]{1,255}$");
    public static final int MAX_STRING = 255;
    public static final long MAX_INT = Integer.MAX_VALUE;

    private static final List<String> TRUE = List.of("True", "TRUE", "true", "1", "ON", "On", "on", "YES", "Yes",
            "yes", "y", "t");
    private static final List<String> FALSE = List.of("False", "FALSE", "false", "0", "OFF", "Off", "off", "NO", "No",
            "no", "n", "f");
    private static final String BOOLEAN_ENUM = booleanEnum();
    private static final Pattern DIGITS = Pattern.compile("^[0-9]+$");

    private CinderSchema() {
    }

    /** The object under {@code key} of a body that must be {@code {"key": {...}}}. */
    public static ObjectNode member(JsonNode body, String key) {
        ObjectNode root = object(body, key);
        JsonNode inner = root.get(key);
        if (inner == null) {
            throw ApiException.badRequest(quote(key) + " is a required property");
        }
        if (!inner.isObject()) {
            throw field(key, inner, repr(inner) + " is not of type 'object'");
        }
        return (ObjectNode) inner;
    }

    /** The whole body as an object; {@code expected} names what it should have held, for the message. */
    public static ObjectNode object(JsonNode body, String expected) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            throw ApiException.badRequest("Missing required element '" + expected + "' in request body.");
        }
        if (!body.isObject()) {
            throw ApiException.badRequest(repr(body) + " is not of type 'object'");
        }
        return (ObjectNode) body;
    }

    /** Refuses properties outside {@code allowed}; {@code field} is null for the top level. */
    public static void onlyProperties(ObjectNode object, String field, Set<String> allowed) {
        List<String> unexpected = new ArrayList<>();
        object.fieldNames().forEachRemaining(name -> {
            if (!allowed.contains(name)) {
                unexpected.add(name);
            }
        });
        refuseUnexpected(object, field, unexpected);
    }

    public static Optional<String> optionalString(ObjectNode object, String field, int maxLength) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw notOfType(field, value, "'string', 'null'");
        }
        if (value.textValue().length() > maxLength) {
            throw field(field, value, repr(value) + " is too long");
        }
        return Optional.of(value.textValue());
    }

    /**
     * A name or description that Cinder checks for length after trimming (its *_non_mandatory_remove_white_spaces
     * formats), refused as {@code InvalidInput}.
     */
    public static Optional<String> optionalTrimmedText(ObjectNode object, String field) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw notOfType(field, value, "'string', 'null'");
        }
        int length = value.textValue().strip().length();
        if (length > MAX_STRING) {
            throw ApiException.invalidInput(field + " has " + length + " characters, more than " + MAX_STRING + ".");
        }
        return Optional.of(value.textValue());
    }

    /** Cinder's boolean parameter: JSON booleans or the strings oslo's bool_from_string knows. */
    public static Optional<Boolean> optionalBoolean(ObjectNode object, String field) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        Optional<Boolean> parsed = parseBoolean(value);
        if (parsed.isEmpty()) {
            throw field(field, value, repr(value) + " is not one of " + BOOLEAN_ENUM);
        }
        return parsed;
    }

    public static Optional<Boolean> parseBoolean(JsonNode value) {
        if (value.isBoolean()) {
            return Optional.of(value.booleanValue());
        }
        if (value.isTextual()) {
            return parseBoolean(value.textValue());
        }
        return Optional.empty();
    }

    public static Optional<Boolean> parseBoolean(String text) {
        if (TRUE.contains(text)) {
            return Optional.of(Boolean.TRUE);
        }
        if (FALSE.contains(text)) {
            return Optional.of(Boolean.FALSE);
        }
        return Optional.empty();
    }

    /**
     * A string-to-string map (metadata, extra specs): keys must match {@code keys}, values are strings of at most
     * 255 characters, or null where {@code nullValues}. Absent or null maps are empty.
     */
    public static Map<String, String> stringMap(ObjectNode object, String field, Pattern keys, boolean nullValues) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return new LinkedHashMap<>();
        }
        return stringMap(field, value, keys, nullValues);
    }

    public static Map<String, String> stringMap(String field, JsonNode value, Pattern keys, boolean nullValues) {
        if (!value.isObject()) {
            throw notOfType(field, value, nullValues ? "'object', 'null'" : "'object'");
        }
        List<String> unexpected = new ArrayList<>();
        value.fieldNames().forEachRemaining(name -> {
            if (!keys.matcher(name).matches()) {
                unexpected.add(name);
            }
        });
        refuseUnexpected((ObjectNode) value, field, unexpected);
        Map<String, String> map = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> entries = value.fields();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> entry = entries.next();
            JsonNode item = entry.getValue();
            if (item.isNull() && nullValues) {
                map.put(entry.getKey(), null);
                continue;
            }
            if (!item.isTextual()) {
                throw notOfType(entry.getKey(), item, nullValues ? "'string', 'null'" : "'string'");
            }
            if (item.textValue().length() > MAX_STRING) {
                throw field(entry.getKey(), item, repr(item) + " is too long");
            }
            map.put(entry.getKey(), item.textValue());
        }
        return map;
    }

    /** Cinder's volume_size type: a positive integer or a string of digits, at most the database's int. */
    public static int volumeSize(String field, JsonNode size) {
        BigInteger value;
        if (size.isIntegralNumber()) {
            value = size.bigIntegerValue();
        } else if (size.isTextual()) {
            if (!DIGITS.matcher(size.textValue()).matches()) {
                throw field(field, size, repr(size) + " does not match '^[0-9]+$'");
            }
            value = new BigInteger(size.textValue());
        } else {
            throw notOfType(field, size, "'integer', 'string'");
        }
        if (value.signum() <= 0) {
            throw field(field, size, value + " is less than the minimum of 1");
        }
        if (value.compareTo(BigInteger.valueOf(MAX_INT)) > 0) {
            throw field(field, size, value + " is greater than the maximum of " + MAX_INT);
        }
        return value.intValueExact();
    }

    /** Cinder's {@code Invalid input for field/attribute ...} refusal. */
    public static ApiException field(String field, JsonNode value, String reason) {
        return ApiException.badRequest("Invalid input for field/attribute " + field + ". Value: "
                + PythonText.str(value) + ". " + reason);
    }

    public static ApiException notOfType(String field, JsonNode value, String types) {
        return field(field, value, repr(value) + " is not of type " + types);
    }

    private static void refuseUnexpected(ObjectNode object, String field, List<String> unexpected) {
        if (unexpected.isEmpty()) {
            return;
        }
        StringBuilder names = new StringBuilder();
        for (String name : unexpected) {
            if (!names.isEmpty()) {
                names.append(", ");
            }
            names.append(quote(name));
        }
        String reason = "Additional properties are not allowed (" + names + (unexpected.size() == 1 ? " was" : " were")
                + " unexpected)";
        throw field == null ? ApiException.badRequest(reason) : field(field, object, reason);
    }

    private static String booleanEnum() {
        StringBuilder out = new StringBuilder("[True, ");
        TRUE.forEach(text -> out.append(quote(text)).append(", "));
        out.append("False");
        FALSE.forEach(text -> out.append(", ").append(quote(text)));
        return out.append(']').toString();
    }
}
