package org.replication.v3.api.volume.rest;


import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.replication.v3.api.error.ApiException;
import org.replication.v3.api.validation.CinderSchema;
import org.replication.v3.api.version.ApiVersion;
import org.replication.v3.api.version.Microversions;
import org.replication.v3.api.volume.service.NewVolume;

/** Reads volume request bodies by Cinder's volume schemas ({@code cinder/api/schemas/volumes.py}). */
final class VolumeRequests {

    private static final Set<String> TOP_LEVEL = Set.of("volume", "OS-SCH-HNT:scheduler_hints");
    /** From 3.53 a volume may hold nothing but these. */
    private static final Set<String> VOLUME_FIELDS = Set.of("name", "description", "display_name",
            "display_description", "volume_type", "metadata", "snapshot_id", "source_volid", "consistencygroup_id",
            "size", "availability_zone", "multiattach", "image_id", "imageRef", "group_id", "backup_id");
    private static final ApiVersion STRICT_VOLUME_FIELDS = new ApiVersion(3, 53);
    /** Ways to fill a new volume that need snapshots, images, backups or consistency groups, none of which exist yet. */
    private static final List<String> UNSUPPORTED_SOURCES = List.of("snapshot_id", "source_volid", "imageRef",
            "image_id", "backup_id", "consistencygroup_id");

    private VolumeRequests() {
    }

    static NewVolume create(JsonNode body, ApiVersion version) {
        ObjectNode volume = CinderSchema.member(body, "volume");
        CinderSchema.onlyProperties((ObjectNode) body, null, TOP_LEVEL);
        JsonNode hints = body.get("OS-SCH-HNT:scheduler_hints");
        if (hints != null && !hints.isNull() && !hints.isObject()) {
            throw CinderSchema.notOfType("OS-SCH-HNT:scheduler_hints", hints, "'object', 'null'");
        }
        if (version.atLeast(STRICT_VOLUME_FIELDS)) {
            CinderSchema.onlyProperties(volume, "volume", VOLUME_FIELDS);
        }
        Optional<String> name = CinderSchema.optionalTrimmedText(volume, "name");
        Optional<String> displayName = CinderSchema.optionalTrimmedText(volume, "display_name");
        Optional<String> description = CinderSchema.optionalTrimmedText(volume, "description");
        Optional<String> displayDescription = CinderSchema.optionalTrimmedText(volume, "display_description");
        Optional<String> volumeType = CinderSchema.optionalString(volume, "volume_type", CinderSchema.MAX_STRING);
        Map<String, String> metadata = CinderSchema.stringMap(volume, "metadata", CinderSchema.METADATA_KEY, false);
        for (String source : UNSUPPORTED_SOURCES) {
            JsonNode value = volume.get(source);
            if (value != null && !value.isNull()) {
                throw ApiException.invalidInput("creating a volume from " + source + " is not supported yet.");
            }
        }
        int size = size(volume.get("size"));
        String zone = availabilityZone(volume.get("availability_zone"));
        boolean multiattach = CinderSchema.optionalBoolean(volume, "multiattach").orElse(false);
        // Cinder reads group_id from 3.13 on and ignores it before.
        String groupId = version.atLeast(Microversions.GROUP_VOLUME)
                ? CinderSchema.optionalString(volume, "group_id", CinderSchema.MAX_STRING).orElse(null) : null;
        return new NewVolume(size, name.or(() -> displayName).orElse(null),
                description.or(() -> displayDescription).orElse(null), volumeType.orElse(null), zone, metadata,
                multiattach, groupId);
    }

    /** Cinder's volume_size: a positive integer or a string of digits, at most the database's int. */
    private static int size(JsonNode size) {
        if (size == null || size.isNull()) {
            throw ApiException.invalidInput("Volume size 'None' must be an integer and greater than 0");
        }
        return CinderSchema.volumeSize("size", size);
    }

    private static String availabilityZone(JsonNode zone) {
        if (zone == null || zone.isNull()) {
            return null;
        }
        if (!zone.isTextual()) {
            throw CinderSchema.notOfType("availability_zone", zone, "'string', 'null'");
        }
        String trimmed = zone.textValue().strip();
        if (trimmed.isEmpty()) {
            throw ApiException.badRequest("The 'availability_zone' can not be None.");
        }
        if (trimmed.length() > CinderSchema.MAX_STRING) {
            throw ApiException.invalidInput("availability_zone has " + trimmed.length() + " characters, more than "
                    + CinderSchema.MAX_STRING + ".");
        }
        return zone.textValue();
    }
}
