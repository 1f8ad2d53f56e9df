package org.replication.v3.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.replication.v3.api.error.ApiException;

/**
 * Refuses C0 control characters in what a client sends. PostgreSQL cannot store U+0000 in text or jsonb at all
 * (the write fails after validation, as a 500); the other C0 characters are refused too, stricter than Cinder,
 * because a name or key holding them is garbage that breaks terminals and log lines. Tab, line feed and carriage
 * return stay allowed: Cinder accepts them and descriptions use them.
 */
public final class ControlCharacters {

    private ControlCharacters() {
    }

    /** The first refused character of {@code text}, or -1. */
    static int firstRefused(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                return c;
            }
        }
        return -1;
    }

    /** Checks every key and string value of a request body, at any depth; the message names the field. */
    public static void check(JsonNode body) {
        check(body, "");
    }

    /** Checks one decoded path or query parameter (its name and its values). */
    public static void checkParameter(String kind, String name, List<String> values) {
        refuseIn(kind + " parameter name", name);
        for (String value : values) {
            refuseIn(kind + " parameter " + name, value);
        }
    }

    private static void check(JsonNode node, String path) {
        if (node == null) {
            return;
        }
        if (node.isTextual()) {
            refuseIn("field " + displayed(path), node.textValue());
        } else if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                String child = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                refuseIn("key of field " + displayed(path), field.getKey());
                check(field.getValue(), child);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                check(node.get(i), path + "[" + i + "]");
            }
        }
    }

    private static String displayed(String path) {
        return path.isEmpty() ? "(body)" : path;
    }

    private static void refuseIn(String where, String text) {
        int refused = text == null ? -1 : firstRefused(text);
        if (refused >= 0) {
            throw ApiException.invalidInput(String.format(
                    "%s contains the control character U+%04X, which is not allowed.", where, refused));
        }
    }
}
