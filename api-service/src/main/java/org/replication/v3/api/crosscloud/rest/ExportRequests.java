package org.replication.v3.api.crosscloud.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;
import org.replication.v3.api.crosscloud.service.ExportOrder;
import org.replication.v3.api.failover.rest.FailoverRequests;
import org.replication.v3.api.validation.CinderSchema;

/**
 * {@code POST /replication/export}, checked strictly: {@code scope} and {@code resources} as a failover names them
 * (a volume id, a group id, {@code host@backend#pool} or {@code host@backend}), and the two flags.
 */
final class ExportRequests {

    private static final String KEY = "export";
    private static final Set<String> FIELDS = Set.of("scope", "resources", "clear_existing", "acknowledge_attached");

    private ExportRequests() {
    }

    static ExportOrder parse(JsonNode body) {
        ObjectNode root = CinderSchema.object(body, KEY);
        CinderSchema.onlyProperties(root, null, Set.of(KEY));
        ObjectNode request = CinderSchema.member(root, KEY);
        CinderSchema.onlyProperties(request, KEY, FIELDS);
        var scope = FailoverRequests.scope(request.get("scope"));
        return new ExportOrder(scope, FailoverRequests.resources(request.get("resources"), scope),
                CinderSchema.optionalBoolean(request, "clear_existing").orElse(false),
                CinderSchema.optionalBoolean(request, "acknowledge_attached").orElse(false));
    }
}
