package org.replication.v3.common.messaging;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Writes the event catalogue's tree of maps, lists and scalars as block-style YAML, deterministically, so that the
 * checked-in docs/events/asyncapi.yaml can be compared with what {@link EventCatalogue} generates character for
 * character. A hand-rolled writer because common's test classpath has no YAML library, and the tree only ever holds
 * strings, numbers, booleans, nulls, maps and lists.
 */
final class CatalogueYaml {

    /** Strings YAML reads back as themselves when written bare: no indicator, no number, no keyword. */
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_$.][A-Za-z0-9_ .,/@()+'$*=<>-]*");
    private static final Pattern KEYWORD = Pattern.compile("(?i)true|false|null|yes|no|on|off|y|n|~");

    private CatalogueYaml() {
    }

    static String write(Map<String, ?> tree) {
        StringBuilder out = new StringBuilder();
        map(out, tree, 0);
        return out.toString();
    }

    private static void map(StringBuilder out, Map<String, ?> map, int indent) {
        for (Map.Entry<String, ?> entry : map.entrySet()) {
            out.append(" ".repeat(indent)).append(scalar(entry.getKey())).append(':');
            value(out, entry.getValue(), indent);
        }
    }

    private static void list(StringBuilder out, List<?> list, int indent) {
        for (Object item : list) {
            out.append(" ".repeat(indent)).append('-');
            if (item instanceof Map<?, ?> map && !map.isEmpty()) {
                // The first key goes on the dash's line, the others line up under it.
                StringBuilder nested = new StringBuilder();
                map(nested, cast(map), indent + 2);
                out.append(' ').append(nested.substring(indent + 2));
            } else {
                value(out, item, indent);
            }
        }
    }

    /** Writes what follows "key:" or "-": a scalar on the same line, or a nested block on the next lines. */
    private static void value(StringBuilder out, Object value, int indent) {
        if (value instanceof Map<?, ?> map) {
            if (map.isEmpty()) {
                out.append(" {}\n");
            } else {
                out.append('\n');
                map(out, cast(map), indent + 2);
            }
        } else if (value instanceof List<?> list) {
            if (list.stream().allMatch(CatalogueYaml::flowScalar)) {
                // Short lists of scalars (type: [string, "null"], enum values) read best on one line.
                out.append(" [").append(String.join(", ", list.stream().map(CatalogueYaml::scalar).toList()))
                        .append("]\n");
            } else {
                out.append('\n');
                list(out, list, indent + 2);
            }
        } else if (value instanceof String text && text.contains("\n")) {
            out.append(" |-\n");
            for (String line : text.split("\n", -1)) {
                out.append(line.isEmpty() ? "" : " ".repeat(indent + 2) + line).append('\n');
            }
        } else {
            out.append(' ').append(scalar(value)).append('\n');
        }
    }

    private static boolean flowScalar(Object item) {
        return item == null || item instanceof Number || item instanceof Boolean
                || item instanceof String text && !text.contains(",") && !text.contains("\n");
    }

    private static String scalar(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        String text = value.toString();
        if (PLAIN.matcher(text).matches() && !KEYWORD.matcher(text).matches() && !text.endsWith(" ")
                && !text.contains(" #")) {
            return text;
        }
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\t' -> quoted.append("\\t");
                default -> quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> cast(Map<?, ?> map) {
        return (Map<String, ?>) map;
    }
}
