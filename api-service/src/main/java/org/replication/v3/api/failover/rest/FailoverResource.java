package org.replication.v3.api.failover.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.RestResponse;
import org.replication.v3.api.auth.Caller;
import org.replication.v3.api.auth.Policy;
import org.replication.v3.api.config.ApiConfig;
import org.replication.v3.api.error.ApiException;
import org.replication.v3.api.failover.FailoverOperation;
import org.replication.v3.api.failover.mapping.OperationView;
import org.replication.v3.api.failover.repository.FailoverOperationRepository;
import org.replication.v3.api.failover.service.FailoverService;
import org.replication.v3.api.http.ApiPaths;
import org.replication.v3.api.http.ApiRequest;
import org.replication.v3.api.version.Microversions;
import org.replication.v3.api.version.VersionGate;
import org.replication.v3.common.failover.FailoverAction;

/**
 * Replication v3's one failover API (admin only, from microversion 3.71): fail over or back a volume, group, pool
 * or backend, reprotect it after a failover, and follow the operations.
 */
@Path(ApiPaths.PROJECT_SCOPED + "replication")
@Produces(MediaType.APPLICATION_JSON)
public class FailoverResource {

    private final FailoverService failover;
    private final FailoverOperationRepository operations;
    private final ApiRequest request;
    private final Policy policy;
    private final ObjectMapper json;
    private final int maxLimit;

    public FailoverResource(FailoverService failover, FailoverOperationRepository operations, ApiRequest request,
            Policy policy, ObjectMapper json, ApiConfig config) {
        this.failover = failover;
        this.operations = operations;
        this.request = request;
        this.policy = policy;
        this.json = json;
        this.maxLimit = config.maxListLimit();
    }

    @POST
    @Path("failover")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<Map<String, Object>>> failover(JsonNode body) {
        return submit(Policy.REPLICATION_FAILOVER, body, FailoverAction.FAILOVER);
    }

    @POST
    @Path("failback")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<Map<String, Object>>> failback(JsonNode body) {
        return submit(Policy.REPLICATION_FAILBACK, body, FailoverAction.FAILBACK);
    }

    @POST
    @Path("reprotect")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<Map<String, Object>>> reprotect(JsonNode body) {
        return submit(Policy.REPLICATION_REPROTECT, body, FailoverAction.REPROTECT);
    }

    @GET
    @Path("operations")
    @WithSession
    public Uni<Map<String, Object>> list(@Context UriInfo uri) {
        authorize(Policy.REPLICATION_OPERATIONS_GET_ALL);
        OperationListParams params = OperationListParams.parse(uri.getQueryParameters(), maxLimit);
        Uni<FailoverOperation> marker = params.marker() == null ? Uni.createFrom().nullItem()
                : operations.findById(params.marker()).invoke(found -> {
                    if (found == null) {
                        throw ApiException.notFound("Marker " + params.marker() + " could not be found.");
                    }
                });
        return marker.flatMap(after -> operations.page(params.state(), params.scope(), params.automatic(), after,
                        params.limit()))
                .map(page -> Map.of("operations", page.stream().map(o -> OperationView.summary(o, json)).toList()));
    }

    @GET
    @Path("operations/{id}")
    @WithSession
    public Uni<Map<String, Object>> show(@PathParam("id") String id) {
        authorize(Policy.REPLICATION_OPERATIONS_GET);
        return operations.findById(id).flatMap(operation -> {
            if (operation == null) {
                return Uni.createFrom().failure(ApiException.notFound("Operation " + id + " could not be found."));
            }
            return operations.results(id).map(results -> Map.<String, Object>of("operation",
                    OperationView.detail(operation, results, json)));
        });
    }

    private Uni<RestResponse<Map<String, Object>>> submit(String rule, JsonNode body, FailoverAction action) {
        Caller caller = authorize(rule);
        return failover.submit(caller, FailoverRequests.parse(body, action)).map(operation ->
                RestResponse.accepted(Map.of("operation", OperationView.detail(operation, List.of(), json))));
    }

    /** Below 3.71 the routes do not exist (404), as for every versioned route; then the rule decides (403). */
    private Caller authorize(String rule) {
        VersionGate.require(request.version(), Microversions.REPLICATION_V3);
        Caller caller = request.caller();
        policy.authorize(caller, rule);
        return caller;
    }
}
