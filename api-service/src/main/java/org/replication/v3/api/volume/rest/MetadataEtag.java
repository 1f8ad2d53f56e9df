package org.replication.v3.api.volume.rest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;

/**
 * Cinder's volume metadata ETag (3.15+): the MD5 of {@code {"metadata": {...}}} as Python's json.dumps writes it.
 * A metadata write carrying {@code If-Match} goes ahead only while the metadata still has one of the given tags.
 */
final class MetadataEtag {

    private static final String ANY = "*";

    private MetadataEtag() {
    }

    static String of(Map<String, String> metadata) {
        StringBuilder json = new StringBuilder("{\"metadata\": {");
        Iterator<Map.Entry<String, String>> entries = metadata.entrySet().iterator();
        while (entries.hasNext()) {
            Map.Entry<String, String> entry = entries.next();
            string(json, entry.getKey());
            json.append(": ");
            string(json, entry.getValue());
            if (entries.hasNext()) {
                json.append(", ");
            }
        }
        json.append("}}");
        try {
            byte[] digest = MessageDigest.getInstance("MD5").digest(json.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required of every Java platform", e);
        }
    }

    /** Whether {@code ifMatch} (absent, {@code *}, or a list of tags, quoted or not) admits {@code metadata}. */
    static boolean admits(String ifMatch, Map<String, String> metadata) {
        if (ifMatch == null || ifMatch.isBlank()) {
            return true;
        }
        String current = of(metadata);
        for (String tag : ifMatch.split(",")) {
            String bare = tag.trim();
            if (bare.startsWith("W/")) {
                bare = bare.substring(2);
            }
            if (bare.length() >= 2 && bare.startsWith("\"") && bare.endsWith("\"")) {
                bare = bare.substring(1, bare.length() - 1);
            }
            if (bare.equals(ANY) || bare.equals(current)) {
                return true;
            }
        }
        return false;
    }

    /** A JSON string as json.dumps writes it by default (ensure_ascii: every non-ASCII character escaped). */
    private static void string(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
