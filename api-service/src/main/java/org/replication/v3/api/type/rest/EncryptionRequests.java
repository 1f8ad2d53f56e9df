package org.replication.v3.api.type.rest;

import static org.replication.v3.api.validation.PythonText.repr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;
import org.replication.v3.api.type.service.EncryptionSpec;
import org.replication.v3.api.validation.CinderSchema;

/** Reads {@code {"encryption": {...}}} by Cinder's schema ({@code volume_type_encryption.py}). */
final class EncryptionRequests {

    private static final Set<String> FIELDS = Set.of("provider", "cipher", "key_size", "control_location");
    private static final Set<String> CONTROL_LOCATIONS = Set.of("front-end", "back-end");

    private EncryptionRequests() {
    }

    static EncryptionSpec create(JsonNode body) {
        ObjectNode encryption = CinderSchema.member(body, "encryption");
        CinderSchema.onlyProperties((ObjectNode) body, null, Set.of("encryption"));
        CinderSchema.onlyProperties(encryption, "encryption", FIELDS);
        JsonNode provider = encryption.get("provider");
        if (provider == null) {
            throw CinderSchema.field("encryption", encryption, "'provider' is a required property");
        }
        if (!provider.isTextual()) {
            throw CinderSchema.notOfType("provider", provider, "'string'");
        }
        if (provider.textValue().length() > CinderSchema.MAX_STRING) {
            throw CinderSchema.field("provider", provider, repr(provider) + " is too long");
        }
        String cipher = CinderSchema.optionalString(encryption, "cipher", CinderSchema.MAX_STRING).orElse(null);
        String controlLocation = "front-end";
        JsonNode location = encryption.get("control_location");
        if (location != null) {
            if (!location.isTextual() || !CONTROL_LOCATIONS.contains(location.textValue())) {
                throw CinderSchema.field("control_location", location,
                        repr(location) + " is not one of ['front-end', 'back-end']");
            }
            controlLocation = location.textValue();
        }
        return new EncryptionSpec(provider.textValue(), cipher, keySize(encryption.get("key_size")),
                controlLocation);
    }

    /** Cinder's key_size: null, a non-negative integer, or a string of digits. */
    private static Integer keySize(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        long size;
        if (value.isIntegralNumber() && value.canConvertToInt()) {
            size = value.intValue();
        } else if (value.isTextual() && value.textValue().matches("[0-9]{1,9}")) {
            size = Long.parseLong(value.textValue());
        } else if (value.isIntegralNumber() || value.isTextual()) {
            throw CinderSchema.field("key_size", value, repr(value) + " is not a valid key size");
        } else {
            throw CinderSchema.notOfType("key_size", value, "'string', 'integer', 'null'");
        }
        if (size < 0) {
            throw CinderSchema.field("key_size", value, size + " is less than the minimum of 0");
        }
        return (int) size;
    }
}
