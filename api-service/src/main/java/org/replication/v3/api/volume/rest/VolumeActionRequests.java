package org.replication.v3.api.volume.rest;

import static org.replication.v3.api.validation.PythonText.repr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.replication.v3.api.error.ApiException;
import org.replication.v3.api.validation.CinderSchema;
import org.replication.v3.api.validation.Uuids;
import org.replication.v3.api.volume.AttachStatus;
import org.replication.v3.api.volume.VolumeStatus;
import org.replication.v3.api.volume.service.AttachRequest;
import org.replication.v3.api.volume.service.StatusReset;

/**
 * Reads volume action bodies by Cinder's schemas ({@code volume_actions.py}, {@code admin_actions.py}) and its
 * format checkers, with their messages.
 */
final class VolumeActionRequests {

    private static final Set<String> RESET_FIELDS = Set.of("status", "attach_status", "migration_status");
    private static final Set<String> ATTACH_FIELDS = Set.of("instance_uuid", "mountpoint", "host_name", "mode");
    private static final List<String> ATTACH_STATUSES = List.of(AttachStatus.ATTACHED.value(),
            AttachStatus.DETACHED.value());
    /** Cinder's VolumeMigrationStatus.ALL, in its order. */
    private static final List<String> MIGRATION_STATUSES = List.of("migrating", "error", "success", "completing",
            "none", "starting");
    private static final String NO_MIGRATION = "none";
    private static final List<String> MODES = List.of("rw", "ro");

    private VolumeActionRequests() {
    }

    /**
     * The name of the action a body asks for: its only key, as Cinder's action_peek_json reads it.
     */
    static String actionOf(JsonNode body) {
        if (body == null || !body.isObject() || body.size() != 1) {
            throw ApiException.badRequest("Malformed request body");
        }
        return body.fieldNames().next();
    }

    static StatusReset reset(JsonNode body) {
        ObjectNode reset = CinderSchema.member(body, "os-reset_status");
        CinderSchema.onlyProperties(reset, "os-reset_status", RESET_FIELDS);
        Optional<String> status = CinderSchema.optionalString(reset, "status", Integer.MAX_VALUE);
        Optional<String> attach = CinderSchema.optionalString(reset, "attach_status", Integer.MAX_VALUE);
        Optional<String> migration = CinderSchema.optionalString(reset, "migration_status", Integer.MAX_VALUE);
        VolumeStatus volumeStatus = null;
        AttachStatus attachStatus = null;
        String migrationStatus = null;
        if (status.filter(text -> !text.isEmpty()).isPresent()) {
            volumeStatus = VolumeStatus.fromValue(status.get().toLowerCase(Locale.ROOT));
            if (volumeStatus == null || volumeStatus == VolumeStatus.DELETED) {
                throw ApiException.badRequest("Volume status: " + status.get() + " is invalid, valid statuses are: "
                        + pythonTuple(cinderVolumeStatuses()) + ".");
            }
        }
        if (attach.filter(text -> !text.isEmpty()).isPresent()) {
            String value = attach.get().toLowerCase(Locale.ROOT);
            if (!ATTACH_STATUSES.contains(value)) {
                throw ApiException.badRequest("Volume attach status: " + attach.get()
                        + " is invalid, valid statuses are: " + pythonList(ATTACH_STATUSES) + ".");
            }
            attachStatus = AttachStatus.fromValue(value);
        }
        boolean resetMigration = migration.filter(text -> !text.isEmpty()).isPresent();
        if (resetMigration) {
            String value = migration.get().toLowerCase(Locale.ROOT);
            if (!MIGRATION_STATUSES.contains(value)) {
                throw ApiException.badRequest("Volume migration status: " + migration.get()
                        + " is invalid, valid statuses are: " + pythonTuple(MIGRATION_STATUSES) + ".");
            }
            migrationStatus = NO_MIGRATION.equals(value) ? null : value;
        }
        if (volumeStatus == null && attachStatus == null && !resetMigration) {
            throw ApiException.badRequest("Must specify 'status', 'attach_status' or 'migration_status' for update.");
        }
        return new StatusReset(volumeStatus, attachStatus, migrationStatus, resetMigration);
    }

    static AttachRequest attach(JsonNode body) {
        ObjectNode attach = CinderSchema.member(body, "os-attach");
        CinderSchema.onlyProperties(attach, "os-attach", ATTACH_FIELDS);
        if (!attach.has("mountpoint")) {
            throw CinderSchema.field("os-attach", attach, "'mountpoint' is a required property");
        }
        if (!attach.has("instance_uuid") && !attach.has("host_name")) {
            throw CinderSchema.field("os-attach", attach, repr(attach) + " is not valid under any of the given schemas");
        }
        JsonNode mountpoint = attach.get("mountpoint");
        if (!mountpoint.isTextual()) {
            throw CinderSchema.notOfType("mountpoint", mountpoint, "'string'");
        }
        if (mountpoint.textValue().isEmpty()) {
            throw CinderSchema.field("mountpoint", mountpoint, "'' is too short");
        }
        if (mountpoint.textValue().length() > CinderSchema.MAX_STRING) {
            throw CinderSchema.field("mountpoint", mountpoint, repr(mountpoint) + " is too long");
        }
        String instance = null;
        JsonNode instanceNode = attach.get("instance_uuid");
        if (instanceNode != null) {
            instance = uuid("instance_uuid", instanceNode, false).toString();
        }
        String host = null;
        JsonNode hostNode = attach.get("host_name");
        if (hostNode != null) {
            if (!hostNode.isTextual()) {
                throw CinderSchema.notOfType("host_name", hostNode, "'string'");
            }
            if (hostNode.textValue().length() > CinderSchema.MAX_STRING) {
                throw CinderSchema.field("host_name", hostNode, repr(hostNode) + " is too long");
            }
            host = hostNode.textValue();
        }
        String mode = MODES.get(0);
        JsonNode modeNode = attach.get("mode");
        if (modeNode != null) {
            if (!modeNode.isTextual()) {
                throw CinderSchema.notOfType("mode", modeNode, "'string'");
            }
            if (!MODES.contains(modeNode.textValue())) {
                throw CinderSchema.field("mode", modeNode, repr(modeNode) + " is not one of " + pythonList(MODES));
            }
            mode = modeNode.textValue();
        }
        return new AttachRequest(instance, host, mountpoint.textValue(), mode);
    }

    /** The attachment to end, or null: os-detach may be null, empty, or name one. */
    static UUID detach(JsonNode body) {
        JsonNode detach = body.get("os-detach");
        if (detach.isNull()) {
            return null;
        }
        if (!detach.isObject()) {
            throw CinderSchema.notOfType("os-detach", detach, "'object', 'null'");
        }
        CinderSchema.onlyProperties((ObjectNode) detach, "os-detach", Set.of("attachment_id"));
        JsonNode attachment = detach.get("attachment_id");
        return attachment == null || attachment.isNull() ? null : uuid("attachment_id", attachment, true);
    }

    static int extend(JsonNode body) {
        ObjectNode extend = CinderSchema.member(body, "os-extend");
        CinderSchema.onlyProperties(extend, "os-extend", Set.of("new_size"));
        JsonNode size = extend.get("new_size");
        if (size == null) {
            throw CinderSchema.field("os-extend", extend, "'new_size' is a required property");
        }
        return CinderSchema.volumeSize("new_size", size);
    }

    private static UUID uuid(String field, JsonNode value, boolean nullable) {
        if (!value.isTextual()) {
            throw CinderSchema.notOfType(field, value, nullable ? "'string', 'null'" : "'string'");
        }
        UUID parsed = Uuids.parse(value.textValue());
        if (parsed == null) {
            throw CinderSchema.field(field, value, repr(value) + " is not a 'uuid'");
        }
        return parsed;
    }

    /** Cinder's VolumeStatus.ALL: every status but our own {@code deleted}, in Cinder's order. */
    private static List<String> cinderVolumeStatuses() {
        List<String> statuses = new ArrayList<>();
        Arrays.stream(VolumeStatus.values()).filter(status -> status != VolumeStatus.DELETED)
                .forEach(status -> statuses.add(status.value()));
        return statuses;
    }

    private static String pythonTuple(List<String> values) {
        return "(" + String.join(", ", values.stream().map(v -> "'" + v + "'").toList()) + ")";
    }

    private static String pythonList(List<String> values) {
        return "[" + String.join(", ", values.stream().map(v -> "'" + v + "'").toList()) + "]";
    }
}
