package org.replication.v3.api.attachment.rest;

import static org.replication.v3.api.validation.PythonText.repr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.replication.v3.api.attachment.VolumeAttachment;
import org.replication.v3.api.attachment.service.NewAttachment;
import org.replication.v3.api.error.ApiException;
import org.replication.v3.api.validation.CinderSchema;
import org.replication.v3.api.validation.Uuids;
import org.replication.v3.api.version.ApiVersion;
import org.replication.v3.api.version.Microversions;

/** Reads attachment bodies by Cinder's schemas ({@code cinder/api/schemas/attachments.py}). */
final class AttachmentRequests {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Connector fields the attachment keeps in columns of its own (VolumeAttachment#connect). */
    private static final List<String> STORED_CONNECTOR_FIELDS = List.of("host", "mountpoint", "mode");
    private static final Set<String> CREATE_FIELDS = Set.of("instance_uuid", "connector", "volume_uuid");
    private static final Set<String> CREATE_FIELDS_WITH_MODE = Set.of("instance_uuid", "connector", "volume_uuid",
            "mode");
    private static final List<String> MODES = List.of("rw", "ro");

    private AttachmentRequests() {
    }

    static NewAttachment create(JsonNode body, ApiVersion version) {
        ObjectNode attachment = CinderSchema.member(body, "attachment");
        CinderSchema.onlyProperties((ObjectNode) body, null, Set.of("attachment"));
        boolean withMode = version.atLeast(Microversions.ATTACHMENT_CREATE_MODE_ARG);
        CinderSchema.onlyProperties(attachment, "attachment", withMode ? CREATE_FIELDS_WITH_MODE : CREATE_FIELDS);
        JsonNode volume = attachment.get("volume_uuid");
        if (volume == null) {
            throw CinderSchema.field("attachment", attachment, "'volume_uuid' is a required property");
        }
        UUID volumeId = uuid("volume_uuid", volume);
        JsonNode instance = attachment.get("instance_uuid");
        String instanceUuid = instance == null ? null : uuid("instance_uuid", instance).toString();
        Map<String, Object> connector = null;
        JsonNode connectorNode = attachment.get("connector");
        if (connectorNode != null && !connectorNode.isNull()) {
            if (!connectorNode.isObject()) {
                throw CinderSchema.notOfType("connector", connectorNode, "'object', 'null'");
            }
            connector = toMap(connectorNode);
        }
        String mode = VolumeAttachment.MODE_FROM_CONNECTOR;
        JsonNode modeNode = attachment.get("mode");
        if (withMode && modeNode != null) {
            if (!modeNode.isTextual()) {
                throw CinderSchema.notOfType("mode", modeNode, "'string'");
            }
            if (!MODES.contains(modeNode.textValue())) {
                throw CinderSchema.field("mode", modeNode, repr(modeNode) + " is not one of ['rw', 'ro']");
            }
            mode = modeNode.textValue();
        }
        return new NewAttachment(volumeId, instanceUuid, connector, mode);
    }

    /** {@code {"attachment": {"connector": {...}}}} with a connector of at least one property. */
    static Map<String, Object> connector(JsonNode body) {
        ObjectNode attachment = CinderSchema.member(body, "attachment");
        CinderSchema.onlyProperties((ObjectNode) body, null, Set.of("attachment"));
        CinderSchema.onlyProperties(attachment, "attachment", Set.of("connector"));
        JsonNode connector = attachment.get("connector");
        if (connector == null) {
            throw CinderSchema.field("attachment", attachment, "'connector' is a required property");
        }
        if (!connector.isObject()) {
            throw CinderSchema.notOfType("connector", connector, "'object'");
        }
        if (connector.isEmpty()) {
            throw CinderSchema.field("connector", connector, "{} does not have enough properties");
        }
        return toMap(connector);
    }

    /** The name of the one action of an attachment action body (only os-complete exists). */
    static String actionOf(JsonNode body) {
        if (body == null || !body.isObject() || body.size() != 1) {
            throw ApiException.badRequest("Malformed request body");
        }
        return body.fieldNames().next();
    }

    private static UUID uuid(String field, JsonNode value) {
        if (!value.isTextual()) {
            throw CinderSchema.notOfType(field, value, "'string'");
        }
        UUID parsed = Uuids.parse(value.textValue());
        if (parsed == null) {
            throw CinderSchema.field(field, value, repr(value) + " is not a 'uuid'");
        }
        return parsed;
    }

    /**
     * The connector as a map. Its content is free, as in Cinder, but the fields copied into the attachment's own
     * columns (varchar 255) must fit there, or the write fails after the request was accepted.
     */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> toMap(JsonNode object) {
        for (String field : STORED_CONNECTOR_FIELDS) {
            JsonNode value = object.get(field);
            int length = value == null || value.isNull() ? 0
                    : (value.isTextual() ? value.textValue() : value.toString()).length();
            if (length > CinderSchema.MAX_STRING) {
                throw ApiException.invalidInput("connector " + field + " has " + length + " characters, more than "
                        + CinderSchema.MAX_STRING + ".");
            }
        }
        return JSON.convertValue(object, Map.class);
    }
}
