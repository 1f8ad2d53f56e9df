package org.replication.v3.api.failover.rest;

import jakarta.ws.rs.core.MultivaluedMap;
import java.util.Arrays;
import java.util.Set;
import org.replication.v3.api.error.ApiException;
import org.replication.v3.api.http.ListParameters;
import org.replication.v3.api.validation.CinderSchema;
import org.replication.v3.common.failover.OperationState;
import org.replication.v3.common.replication.ReplicationScope;

/** The query of an operations list: filters state, scope and automatic; limit and marker; newest first. */
record OperationListParams(OperationState state, ReplicationScope scope, Boolean automatic, String marker, int limit) {

    /** Sorted, as the refusal of an unknown state lists them. */
    private static final String STATES = String.join(", ", Arrays.stream(OperationState.values())
            .map(OperationState::value).sorted().toList());
    private static final Set<String> KNOWN = Set.of("state", "scope", "automatic", "limit", "marker");

    static OperationListParams parse(MultivaluedMap<String, String> params, int maxLimit) {
        for (String name : params.keySet()) {
            if (!KNOWN.contains(name)) {
                throw ApiException.invalidInput("Invalid filter keys: " + name);
            }
        }
        String stateText = params.getFirst("state");
        OperationState state = null;
        if (stateText != null) {
            try {
                state = OperationState.of(stateText);
            } catch (IllegalArgumentException e) {
                throw ApiException.invalidInput("state must be one of " + STATES + ", not '" + stateText + "'.");
            }
        }
        String scopeText = params.getFirst("scope");
        ReplicationScope scope = null;
        if (scopeText != null) {
            try {
                scope = ReplicationScope.of(scopeText);
            } catch (IllegalArgumentException e) {
                throw ApiException.invalidInput("scope must be one of volume, group, pool, backend, not '" + scopeText
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
