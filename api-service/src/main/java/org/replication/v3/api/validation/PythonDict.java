package org.replication.v3.api.validation;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a flat dictionary of strings written as a Python literal ({@code {'k': 'v'}}) or as JSON
 * ({@code {"k": "v"}}). Cinder evaluates list filters such as {@code metadata} with {@code ast.literal_eval}, and
 * cinderclient sends them in Python's own notation.
 */
public final class PythonDict {

    private final String text;
    private int position;

    private PythonDict(String text) {
        this.text = text;
    }

    /** The dictionary, or empty when the text is not a flat dictionary of strings. */
    public static Optional<Map<String, String>> parse(String text) {
        try {
            return Optional.of(new PythonDict(text).dictionary());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private Map<String, String> dictionary() {
        Map<String, String> entries = new LinkedHashMap<>();
        expect('{');
        if (!peek('}')) {
            do {
                String key = string();
                expect(':');
                entries.put(key, string());
            } while (accept(','));
        }
        expect('}');
        skipBlanks();
        if (position != text.length()) {
            throw new IllegalArgumentException("trailing text");
        }
        return entries;
    }

    private String string() {
        skipBlanks();
        if (position >= text.length() || (text.charAt(position) != '\'' && text.charAt(position) != '"')) {
            throw new IllegalArgumentException("string expected");
        }
        char quote = text.charAt(position++);
        StringBuilder value = new StringBuilder();
        while (position < text.length()) {
            char c = text.charAt(position++);
            if (c == quote) {
                return value.toString();
            }
            if (c == '\\' && position < text.length()) {
                c = text.charAt(position++);
            }
            value.append(c);
        }
        throw new IllegalArgumentException("unterminated string");
    }

    private void expect(char wanted) {
        if (!accept(wanted)) {
            throw new IllegalArgumentException("'" + wanted + "' expected");
        }
    }

    private boolean accept(char wanted) {
        if (peek(wanted)) {
            position++;
            return true;
        }
        return false;
    }

    private boolean peek(char wanted) {
        skipBlanks();
        return position < text.length() && text.charAt(position) == wanted;
    }

    private void skipBlanks() {
        while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
            position++;
        }
    }
}
