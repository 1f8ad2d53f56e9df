package org.replication.v3.api.failover.rest;

import static org.replication.v3.api.validation.PythonText.repr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.replication.v3.api.error.ApiException;
import org.replication.v3.api.failover.FailoverOrder;
import org.replication.v3.api.validation.CinderSchema;
import org.replication.v3.api.validation.Uuids;
import org.replication.v3.common.failover.FailoverAction;
import org.replication.v3.common.replication.ReplicationScope;

/** The bodies of {@code POST /replication/failover} and {@code /replication/failback}, checked strictly. */
final class FailoverRequests {

    private static final Set<String> FAILOVER_FIELDS = Set.of("scope", "resources", "target", "force", "reason",
            "dry_run");
    private static final Set<String> FAILBACK_FIELDS = Set.of("scope", "resources", "target", "force", "reason",
            "dry_run", "keep_target_changes");
    private static final String SCOPES = "['volume', 'group', 'pool', 'backend']";
    /** host@backend: Cinder's host characters, without the pool separator. */
    private static final Pattern BACKEND = Pattern.compile("^[a-zA-Z0-9-._:/+]+@[a-zA-Z0-9-._:/+]+$");
    private static final Pattern POOL = Pattern.compile("^[a-zA-Z0-9-._:/+]+@[a-zA-Z0-9-._:/+]+#[a-zA-Z0-9-._:/+]+$");

    private FailoverRequests() {
    }

    static FailoverOrder parse(JsonNode body, FailoverAction action) {
        String key = action.value();
        ObjectNode root = CinderSchema.object(body, key);
        CinderSchema.onlyProperties(root, null, Set.of(key));
        ObjectNode request = CinderSchema.member(root, key);
        CinderSchema.onlyProperties(request, key, action == FailoverAction.FAILOVER ? FAILOVER_FIELDS
                : FAILBACK_FIELDS);
        ReplicationScope scope = scope(request.get("scope"));
        List<String> resources = resources(request.get("resources"), scope);
        String target = CinderSchema.optionalString(request, "target", CinderSchema.MAX_STRING).orElse(null);
        if (target != null && (target.isBlank() || FailoverOrder.PRIMARY.equals(target))) {
            throw ApiException.invalidInput("target must name a replication target's backend_id; '"
                    + FailoverOrder.PRIMARY + "' is the primary (use failback to return to it).");
        }
        boolean force = CinderSchema.optionalBoolean(request, "force").orElse(false);
        String reason = CinderSchema.optionalTrimmedText(request, "reason").orElse(null);
        boolean dryRun = CinderSchema.optionalBoolean(request, "dry_run").orElse(false);
        if (action == FailoverAction.FAILBACK
                && !CinderSchema.optionalBoolean(request, "keep_target_changes").orElse(true)) {
            throw ApiException.invalidInput("keep_target_changes=false is not supported: failback resyncs the"
                    + " primary from the target, keeping what was written there while failed over; discarding"
                    + " those writes would lose acknowledged data.");
        }
        return new FailoverOrder(action, scope, resources, target, force, reason, dryRun, null);
    }

    private static ReplicationScope scope(JsonNode value) {
        if (value == null) {
            throw ApiException.badRequest("'scope' is a required property");
        }
        if (!value.isTextual()) {
            throw CinderSchema.notOfType("scope", value, "'string'");
        }
        try {
            return ReplicationScope.of(value.textValue());
        } catch (IllegalArgumentException e) {
            throw CinderSchema.field("scope", value, repr(value) + " is not one of " + SCOPES);
        }
    }

    private static List<String> resources(JsonNode value, ReplicationScope scope) {
        if (value == null) {
            throw ApiException.badRequest("'resources' is a required property");
        }
        if (!value.isArray()) {
            throw CinderSchema.notOfType("resources", value, "'array'");
        }
        if (value.isEmpty()) {
            throw CinderSchema.field("resources", value, "[] is too short");
        }
        List<String> resources = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (JsonNode item : value) {
            if (!item.isTextual()) {
                throw CinderSchema.notOfType("resources", item, "'string'");
            }
            String resource = resource(item, scope);
            if (!seen.add(resource)) {
                throw CinderSchema.field("resources", value, repr(value) + " has non-unique elements");
            }
            resources.add(resource);
        }
        return resources;
    }

    private static String resource(JsonNode item, ReplicationScope scope) {
        String text = item.textValue();
        switch (scope) {
            case VOLUME, GROUP -> {
                if (Uuids.parse(text) == null) {
                    throw CinderSchema.field("resources", item, repr(item) + " is not a 'uuid'");
                }
                return text;
            }
            case POOL -> {
                if (!POOL.matcher(text).matches()) {
                    throw CinderSchema.field("resources", item, repr(item) + " is not a pool (host@backend#pool)");
                }
                return text;
            }
            default -> {
                if (!BACKEND.matcher(text).matches()) {
                    throw CinderSchema.field("resources", item, repr(item) + " is not a backend (host@backend)");
                }
                return text;
            }
        }
    }
}
