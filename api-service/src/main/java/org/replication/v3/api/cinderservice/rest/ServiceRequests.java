package org.replication.v3.api.cinderservice.rest;

import static org.replication.v3.api.validation.PythonText.repr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.replication.v3.api.cinderservice.service.EnableRequest;
import org.replication.v3.api.cinderservice.service.ServiceTarget;
import org.replication.v3.api.error.ApiException;
import org.replication.v3.api.validation.CinderSchema;
import org.replication.v3.api.version.ApiVersion;
import org.replication.v3.api.version.Microversions;

/** Reads os-services request bodies by Cinder's schemas ({@code cinder/api/schemas/services.py}). */
final class ServiceRequests {

    /** Cinder's parameter_types.hostname. */
    private static final Pattern HOSTNAME = Pattern.compile("^[a-zA-Z0-9-._#@:/+]*$");
    private static final Set<String> ENABLE_FIELDS = Set.of("binary", "host", "cluster", "service");
    private static final Set<String> DISABLE_LOG_REASON_FIELDS = Set.of("binary", "host", "cluster", "service",
            "disabled_reason");
    private static final Set<String> FREEZE_FIELDS = Set.of("host", "cluster");
    private static final Set<String> FAILOVER_FIELDS = Set.of("host", "backend_id", "cluster");

    private ServiceRequests() {
    }

    /** enable, disable and (with a reason) disable-log-reason. */
    static EnableRequest enableOrDisable(JsonNode body, ApiVersion version, boolean withReason) {
        ObjectNode object = CinderSchema.object(body, "host");
        CinderSchema.onlyProperties(object, null, withReason ? DISABLE_LOG_REASON_FIELDS : ENABLE_FIELDS);
        Optional<String> binary = nonEmpty(object, "binary");
        Optional<String> service = nonEmpty(object, "service");
        String reason = withReason ? reason(object) : null;
        ServiceTarget target = target(object, version);
        if (binary.isEmpty() && service.isEmpty()) {
            throw ApiException.badRequest(repr(object) + " is not valid under any of the given schemas");
        }
        return new EnableRequest(target, binary.orElse(""), service.orElse(""), reason);
    }

    static ServiceTarget freezeOrThaw(JsonNode body, ApiVersion version) {
        ObjectNode object = CinderSchema.object(body, "host");
        CinderSchema.onlyProperties(object, null, FREEZE_FIELDS);
        return target(object, version);
    }

    /** failover_host and failover: the services and the target ({@code backend_id}, null or "default"). */
    static FailoverHostRequest failover(JsonNode body, ApiVersion version) {
        ObjectNode object = CinderSchema.object(body, "host");
        CinderSchema.onlyProperties(object, null, FAILOVER_FIELDS);
        String backendId = CinderSchema.optionalString(object, "backend_id", CinderSchema.MAX_STRING).orElse(null);
        return new FailoverHostRequest(target(object, version), backendId);
    }

    record FailoverHostRequest(ServiceTarget target, String backendId) {
    }

    /** Cinder's get_cluster_host: {@code host}, or from 3.26 exactly one of {@code cluster} and {@code host}. */
    private static ServiceTarget target(ObjectNode object, ApiVersion version) {
        Optional<String> host = hostname(object);
        Optional<String> cluster = CinderSchema.optionalString(object, "cluster", CinderSchema.MAX_STRING)
                .filter(name -> !name.isEmpty());
        if (!version.atLeast(Microversions.REPLICATION_CLUSTER)) {
            return new ServiceTarget(host.orElseThrow(() -> ApiException.invalidInput("Host field is missing.")),
                    null);
        }
        if (host.isPresent() == cluster.isPresent()) {
            throw ApiException.invalidInput("One and only one of cluster and host must be set.");
        }
        return new ServiceTarget(host.orElse(null), cluster.orElse(null));
    }

    private static Optional<String> hostname(ObjectNode object) {
        JsonNode value = object.get("host");
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw CinderSchema.notOfType("host", value, "'string', 'null'");
        }
        String host = value.textValue();
        if (host.isEmpty()) {
            throw CinderSchema.field("host", value, "'' is too short");
        }
        if (host.length() > CinderSchema.MAX_STRING) {
            throw CinderSchema.field("host", value, repr(value) + " is too long");
        }
        if (!HOSTNAME.matcher(host).matches()) {
            throw CinderSchema.field("host", value, repr(value) + " does not match '" + HOSTNAME.pattern() + "'");
        }
        return Optional.of(host);
    }

    private static Optional<String> nonEmpty(ObjectNode object, String field) {
        JsonNode value = object.get(field);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw CinderSchema.notOfType(field, value, "'string'");
        }
        if (value.textValue().isEmpty()) {
            throw CinderSchema.field(field, value, "'' is too short");
        }
        if (value.textValue().length() > CinderSchema.MAX_STRING) {
            throw CinderSchema.field(field, value, repr(value) + " is too long");
        }
        return Optional.of(value.textValue());
    }

    /** Cinder's disabled_reason format: 1 to 255 characters once trimmed. */
    private static String reason(ObjectNode object) {
        JsonNode value = object.get("disabled_reason");
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            throw CinderSchema.notOfType("disabled_reason", value, "'string'");
        }
        String trimmed = value.textValue().strip();
        if (trimmed.isEmpty() || trimmed.length() > CinderSchema.MAX_STRING) {
            throw CinderSchema.field("disabled_reason", value, repr(value) + " is not a 'disabled_reason'");
        }
        return value.textValue();
    }
}
