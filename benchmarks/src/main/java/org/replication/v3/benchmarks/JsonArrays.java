package org.replication.v3.benchmarks;

import java.util.ArrayList;
import java.util.List;

/**
 * The elements of a JSON array in a response body, as the text they were sent in. The cross-cloud benchmark passes
 * each exported document to the other cloud untouched: it never needs their fields, and copying text costs the
 * client, which shares two cores with both clouds, far less than parsing a megabyte and writing it out again.
 */
final class JsonArrays {

    private JsonArrays() {
    }

    /**
     * The elements of the array that is the value of the first property named {@code key}; empty when there is no
     * such property or its value is not an array.
     */
    static List<String> elements(String json, String key) {
        int at = json.indexOf('"' + key + '"');
        if (at < 0) {
            return List.of();
        }
        int i = skipSpace(json, json.indexOf(':', at + key.length() + 2) + 1);
        if (i >= json.length() || json.charAt(i) != '[') {
            return List.of();
        }
        List<String> elements = new ArrayList<>();
        i = skipSpace(json, i + 1);
        while (i < json.length() && json.charAt(i) != ']') {
            int end = endOfValue(json, i);
            elements.add(json.substring(i, end));
            i = skipSpace(json, end);
            if (i < json.length() && json.charAt(i) == ',') {
                i = skipSpace(json, i + 1);
            }
        }
        return elements;
    }

    /** The index just past the value starting at {@code start}: an object or array to its matching close. */
    private static int endOfValue(String json, int start) {
        int depth = 0;
        boolean inString = false;
        for (int i = start; i < json.length(); i++) {
            char c = json.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                    if (depth == 0) {
                        return i + 1;
                    }
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                if (depth == 0) {
                    return i;
                }
                if (--depth == 0) {
                    return i + 1;
                }
            } else if (depth == 0 && c == ',') {
                return i;
            }
        }
        throw new IllegalArgumentException("unterminated JSON value at " + start);
    }

    private static int skipSpace(String json, int from) {
        int i = from;
        while (i < json.length() && Character.isWhitespace(json.charAt(i))) {
            i++;
        }
        return i;
    }
}
