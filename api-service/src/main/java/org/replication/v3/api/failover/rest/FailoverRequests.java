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
import org.replication.v3.common.failover.FailbackChanges;
import org.replication.v3.common.failover.FailoverAction;
import org.replication.v3.common.replication.ReplicationScope;

/**
 * The bodies of {@code POST /replication/failover}, {@code /replication/failback} and {@code /replication/reprotect},
 * checked strictly. {@code scope} names what switches, and each of {@code resources} is then: a volume id
 * ({@code volume}), a group id ({@code group}), a pool {@code host@backend#pool} ({@code pool}: pool failover) or a
 * backend {@code host@backend} ({@code backend}). The replication-service resolves a pool or backend to its volumes
 * (see the package documentation).
 */
public final class FailoverRequests {

    private static final Set<String> FAILOVER_FIELDS = Set.of("scope", "resources", "target", "force", "reason",
            "dry_run");
    /** {@code keep_target_changes} is the older spelling of {@code changes} (true = keep, false = discard). */
    private static final Set<String> FAILBACK_FIELDS = Set.of("scope", "resources", "target", "force", "reason",
            "dry_run", "changes", "keep_target_changes");
    /** A reprotect switches nothing the primary could lose, so there is nothing to force. */
    private static final Set<String> REPROTECT_FIELDS = Set.of("scope", "resources", "target", "reason", "dry_run");
    private static final String CHANGES = "['keep', 'discard']";
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
        CinderSchema.onlyProperties(request, key, switch (action) {
            case FAILOVER -> FAILOVER_FIELDS;
            case FAILBACK -> FAILBACK_FIELDS;
            case REPROTECT -> REPROTECT_FIELDS;
        });
        ReplicationScope scope = scope(request.get("scope"));
        List<String> resources = resources(request.get("resources"), scope);
        String target = CinderSchema.optionalString(request, "target", CinderSchema.MAX_STRING).orElse(null);
        if (target != null && (target.isBlank() || FailoverOrder.PRIMARY.equals(target))) {
            throw ApiException.invalidInput("target must name a replication target's backend_id; '"
                    + FailoverOrder.PRIMARY + "' is the primary (use failback to return to it).");
        }
        boolean force = CinderSchema.optionalBoolean(request, "force").orElse(false);
        String reason = CinderSchema.optionalTrimmedText(request, "reason").orElse(null);
        if (force && action == FailoverAction.FAILBACK) {
            throw ApiException.invalidInput("a failback is never forced: it needs the primary, the target and the"
                    + " link up, to bring the primary up to date (or revert the target) before switching back.");
        }
        if (force && (reason == null || reason.isBlank())) {
            throw ApiException.invalidInput("force needs a reason: forcing vouches that the unreachable primary is"
                    + " down and takes no writes (it is fenced by the operator), and the reason records why.");
        }
        boolean dryRun = CinderSchema.optionalBoolean(request, "dry_run").orElse(false);
        FailbackChanges changes = action == FailoverAction.FAILBACK ? changes(request) : FailbackChanges.KEEP;
        return new FailoverOrder(action, scope, resources, target, force, reason, dryRun, changes);
    }

    /** {@code changes}, or its older spelling {@code keep_target_changes}; both must agree; absent: keep. */
    private static FailbackChanges changes(ObjectNode request) {
        JsonNode value = request.get("changes");
        FailbackChanges changes = null;
        if (value != null && !value.isNull()) {
            if (!value.isTextual()) {
                throw CinderSchema.notOfType("changes", value, "'string'");
            }
            try {
                changes = FailbackChanges.of(value.textValue());
            } catch (IllegalArgumentException e) {
                throw CinderSchema.field("changes", value, repr(value) + " is not one of " + CHANGES);
            }
        }
        FailbackChanges older = CinderSchema.optionalBoolean(request, "keep_target_changes")
                .map(keep -> keep ? FailbackChanges.KEEP : FailbackChanges.DISCARD).orElse(null);
        if (changes != null && older != null && changes != older) {
            throw ApiException.invalidInput("changes=" + changes.value() + " contradicts keep_target_changes="
                    + (older == FailbackChanges.KEEP) + ".");
        }
        return FailbackChanges.orKeep(changes != null ? changes : older);
    }

    /** A scope field, as every request naming volumes by scope reads it (failover, cross-cloud export). */
    public static ReplicationScope scope(JsonNode value) {
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

    /** The resources of {@code scope}: non-empty, unique, each of the scope's form. */
    public static List<String> resources(JsonNode value, ReplicationScope scope) {
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
