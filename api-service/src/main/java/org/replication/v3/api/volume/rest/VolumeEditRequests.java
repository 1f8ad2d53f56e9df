package org.replication.v3.api.volume.rest;

import static org.replication.v3.api.validation.PythonText.repr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.replication.v3.api.error.ApiException;
import org.replication.v3.api.validation.CinderSchema;
import org.replication.v3.api.version.ApiVersion;
import org.replication.v3.api.version.Microversions;
import org.replication.v3.api.volume.service.VolumeEdit;

/**
 * Reads the bodies that edit a volume: PUT volumes/{id} ({@code cinder/api/schemas/volumes.py} update) and the
 * metadata calls ({@code volume_metadata.py}); keys and values as Cinder's extra_specs type allows them.
 */
final class VolumeEditRequests {

    private static final Set<String> EDITABLE = Set.of("name", "description", "display_name",
            "display_description", "metadata");

    private VolumeEditRequests() {
    }

    static VolumeEdit edit(JsonNode body, ApiVersion version) {
        ObjectNode volume = CinderSchema.member(body, "volume");
        CinderSchema.onlyProperties((ObjectNode) body, null, Set.of("volume"));
        CinderSchema.onlyProperties(volume, "volume", EDITABLE);
        if (volume.isEmpty() && version.atLeast(Microversions.SUPPORT_VOLUME_SCHEMA_CHANGES)) {
            throw CinderSchema.field("volume", volume, "{} is not valid under any of the given schemas");
        }
        Optional<Optional<String>> name = text(volume, "name").or(() -> text(volume, "display_name"));
        Optional<Optional<String>> description = text(volume, "description")
                .or(() -> text(volume, "display_description"));
        Optional<Map<String, String>> metadata = Optional.empty();
        JsonNode given = volume.get("metadata");
        if (given != null) {
            if (!given.isObject()) {
                throw CinderSchema.notOfType("metadata", given, "'object'");
            }
            metadata = Optional.of(CinderSchema.stringMap("metadata", given, CinderSchema.METADATA_KEY, false));
        }
        return new VolumeEdit(name, description, metadata);
    }

    /** {@code {"metadata": {...}}} of POST and PUT on volumes/{id}/metadata. */
    static Map<String, String> metadata(JsonNode body) {
        ObjectNode root = CinderSchema.object(body, "metadata");
        JsonNode metadata = root.get("metadata");
        if (metadata == null) {
            throw ApiException.badRequest("'metadata' is a required property");
        }
        CinderSchema.onlyProperties(root, null, Set.of("metadata"));
        return CinderSchema.stringMap("metadata", metadata, CinderSchema.METADATA_KEY, false);
    }

    /** {@code {"meta": {"<key>": "<value>"}}}: exactly the one item the URL names. */
    static Map<String, String> item(JsonNode body, String key) {
        ObjectNode root = CinderSchema.object(body, "meta");
        JsonNode meta = root.get("meta");
        if (meta == null) {
            throw ApiException.badRequest("'meta' is a required property");
        }
        CinderSchema.onlyProperties(root, null, Set.of("meta"));
        if (meta.isObject() && meta.isEmpty()) {
            throw CinderSchema.field("meta", meta, "{} does not have enough properties");
        }
        if (meta.isObject() && meta.size() > 1) {
            throw CinderSchema.field("meta", meta, repr(meta) + " has too many properties");
        }
        Map<String, String> item = CinderSchema.stringMap("meta", meta, CinderSchema.METADATA_KEY, false);
        if (!item.containsKey(key)) {
            throw ApiException.badRequest("Request body and URI mismatch");
        }
        return item;
    }

    /** A name or description: absent, null (which clears it) or a string, as Cinder's non-mandatory text formats. */
    private static Optional<Optional<String>> text(ObjectNode volume, String field) {
        if (!volume.has(field)) {
            return Optional.empty();
        }
        return Optional.of(CinderSchema.optionalTrimmedText(volume, field));
    }
}
