package org.replication.v3.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Renders JSON values the way Cinder's Python validation messages print them ({@code str()} and {@code repr()}),
 * so error texts read exactly as Cinder's do.
 */
public final class PythonText {

    private PythonText() {
    }

    /** Python's {@code str(value)}: strings bare, everything else as {@link #repr}. */
    public static String str(JsonNode value) {
        return value != null && value.isTextual() ? value.textValue() : repr(value);
    }

    /** Python's {@code repr(value)} of the parsed JSON value. */
    public static String repr(JsonNode value) {
        StringBuilder out = new StringBuilder();
        append(out, value);
        return out.toString();
    }

    private static void append(StringBuilder out, JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            out.append("None");
        } else if (value.isTextual()) {
            quote(out, value.textValue());
        } else if (value.isBoolean()) {
            out.append(value.booleanValue() ? "True" : "False");
        } else if (value.isObject()) {
            out.append('{');
            Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                quote(out, field.getKey());
                out.append(": ");
                append(out, field.getValue());
                if (fields.hasNext()) {
                    out.append(", ");
                }
            }
            out.append('}');
        } else if (value.isArray()) {
            out.append('[');
            for (int i = 0; i < value.size(); i++) {
                if (i > 0) {
                    out.append(", ");
                }
                append(out, value.get(i));
            }
            out.append(']');
        } else {
            out.append(value.asText());
        }
    }

    /** Single quotes unless the text holds one and no double quote, as Python chooses. */
    public static String quote(String text) {
        StringBuilder out = new StringBuilder();
        quote(out, text);
        return out.toString();
    }

    private static void quote(StringBuilder out, String text) {
        char quote = text.indexOf('\'') >= 0 && text.indexOf('"') < 0 ? '"' : '\'';
        out.append(quote);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c == quote) {
                        out.append('\\');
                    }
                    out.append(c);
                }
            }
        }
        out.append(quote);
    }
}
