package org.replication.v3.common.crosscloud;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Reading, writing and digesting {@link ReplicaDocument}s. The digest is over a canonical form (properties and map
 * keys sorted, dates as ISO-8601, no digest field), so that any cloud computes the same one from the same content
 * however the JSON it received was laid out.
 */
public final class ReplicaDocuments {

    /** The format this build writes and the only one it imports. */
    public static final int FORMAT_VERSION = 1;

    private static final String PREFIX = "sha256:";

    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            // A field the format does not have is a document from elsewhere or an edit: refused, not ignored.
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private ReplicaDocuments() {
    }

    /** {@code sha256:<hex>} of the document's canonical form, its own digest left out. */
    public static String digest(ReplicaDocument document) {
        try {
            byte[] canonical = CANONICAL.writeValueAsBytes(document.withDigest(null));
            return PREFIX + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("a replica document cannot be digested", e);
        }
    }

    /** The document with its digest set. */
    public static ReplicaDocument sealed(ReplicaDocument document) {
        return document.withDigest(digest(document));
    }

    /** Whether the document's digest is that of its content. */
    public static boolean intact(ReplicaDocument document) {
        return document.digest() != null && document.digest().equals(digest(document));
    }

    /**
     * Reads a document as a client sent it.
     *
     * @throws IllegalArgumentException with a reason a person can act on, when it is not a document of this format
     */
    public static ReplicaDocument read(JsonNode json) {
        if (json == null || !json.isObject()) {
            throw new IllegalArgumentException("a replica document must be a JSON object");
        }
        try {
            return CANONICAL.treeToValue(json, ReplicaDocument.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a replica document: " + e.getOriginalMessage());
        }
    }

    /** The document as JSON (the form an export returns). */
    public static JsonNode toJson(ReplicaDocument document) {
        return CANONICAL.valueToTree(document);
    }

    /** The canonical text, for storing or printing. */
    public static String write(ReplicaDocument document) {
        try {
            return CANONICAL.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a replica document cannot be written", e);
        }
    }

    public static ReplicaDocument parse(String json) {
        try {
            return read(CANONICAL.readTree(json.getBytes(StandardCharsets.UTF_8)));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage());
        }
    }
}
