package org.replication.v3.api.failover.rest;

import jakarta.ws.rs.core.MultivaluedMap;
import java.util.Set;
import org.replication.v3.api.error.ApiException;
import org.replication.v3.api.failover.FailoverOperation;
import org.replication.v3.api.http.ListParameters;
import org.replication.v3.api.validation.CinderSchema;
import org.replication.v3.common.replication.ReplicationScope;

/** The query of an operations list: filters state, scope and automatic; limit and marker; newest first. */
record OperationListParams(String state, String scope, Boolean automatic, String marker, int limit) {

    private static final Set<String> STATES = Set.of(FailoverOperation.ACCEPTED, FailoverOperation.PLANNED,
            FailoverOperation.REFUSED, FailoverOperation.RUNNING, FailoverOperation.COMPLETED,
            FailoverOperation.COMPLETED_WITH_ERRORS);
    private static final Set<String> KNOWN = Set.of("state", "scope", "automatic", "limit", "marker");

    static OperationListParams parse(MultivaluedMap<String, String> params, int maxLimit) {
        for (String name : params.keySet()) {
            if (!KNOWN.contains(name)) {
                throw ApiException.invalidInput("Invalid filter keys: " + name);
            }
        }
        String state = params.getFirst("state");
        if (state != null && !STATES.contains(state)) {
            throw ApiException.invalidInput("state must be one of " + String.join(", ", STATES.stream().sorted()
                    .toList()) + ", not '" + state + "'.");
        }
        String scope = params.getFirst("scope");
        if (scope != null) {
            try {
                scope = ReplicationScope.of(scope).value();
            } catch (IllegalArgumentException e) {
                throw ApiException.invalidInput("scope must be one of volume, group, pool, backend, not '" + scope
                        + "'.");
            }
        }
        String automaticText = params.getFirst("automatic");
        Boolean automatic = null;
        if (automaticText != null) {
            automatic = CinderSchema.parseBoolean(automaticText).orElseThrow(() -> ApiException.invalidInput(
                    "automatic must be a boolean, not '" + automaticText + "'."));
        }
        return new OperationListParams(state, scope, automatic, params.getFirst("marker"),
                ListParameters.limit(params.getFirst("limit"), maxLimit));
    }
}
