package org.replication.v3.api.backend.rest;

import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.replication.v3.api.auth.Policy;
import org.replication.v3.api.backend.mapping.PoolView;
import org.replication.v3.api.backend.service.PoolCatalog;
import org.replication.v3.api.config.ApiConfig;
import org.replication.v3.api.error.ApiException;
import org.replication.v3.api.http.ApiPaths;
import org.replication.v3.api.http.ApiRequest;
import org.replication.v3.api.validation.CinderSchema;
import org.replication.v3.api.version.ApiVersion;
import org.replication.v3.api.version.Microversions;

/**
 * Cinder's scheduler stats (admin only): {@code GET scheduler-stats/get_pools[?detail=true]}, filtered by pool
 * {@code name} and {@code volume_type} from 3.28; from 3.33 other filters are refused.
 */
@Path(ApiPaths.PROJECT_SCOPED + "scheduler-stats")
@Produces(MediaType.APPLICATION_JSON)
public class PoolResource {

    private static final String DETAIL = "detail";
    private static final String NAME = "name";
    private static final String VOLUME_TYPE = "volume_type";
    private static final Set<String> FILTERS = Set.of(NAME, VOLUME_TYPE);

    @Inject
    PoolCatalog catalog;

    @Inject
    ApiRequest request;

    @Inject
    Policy policy;

    @Inject
    ApiConfig config;

    @GET
    @Path("get_pools")
    public Uni<Map<String, Object>> pools(UriInfo uri) {
        policy.authorize(request.caller(), Policy.GET_POOLS);
        MultivaluedMap<String, String> params = uri.getQueryParameters();
        boolean detail = bool(params, DETAIL);
        ApiVersion version = request.version();
        String name = null;
        String volumeType = null;
        if (version.atLeast(Microversions.POOL_FILTER)) {
            name = params.getFirst(NAME);
            volumeType = params.getFirst(VOLUME_TYPE);
        }
        if (version.atLeast(Microversions.RESOURCE_FILTER)) {
            Set<String> invalid = new TreeSet<>(params.keySet());
            invalid.remove(DETAIL);
            invalid.removeAll(FILTERS);
            if (!invalid.isEmpty()) {
                throw ApiException.badRequest("Invalid filters " + String.join(",", invalid)
                        + " are found in query options.");
            }
        }
        String poolName = name;
        Instant now = Instant.now();
        return catalog.pools(poolName, volumeType, now, config.serviceDownTime()).map(pools -> {
                    List<Map<String, Object>> views = pools.stream().map(pool -> PoolView.pool(pool, detail)).toList();
                    return Map.of("pools", views);
                });
    }

    /** Cinder's get_bool_param. */
    private static boolean bool(MultivaluedMap<String, String> params, String name) {
        String text = params.getFirst(name);
        if (text == null) {
            return false;
        }
        return CinderSchema.parseBoolean(text.trim()).orElseThrow(() ->
                ApiException.badRequest("Value '" + text + "' for '" + name + "' is not a boolean."));
    }
}
