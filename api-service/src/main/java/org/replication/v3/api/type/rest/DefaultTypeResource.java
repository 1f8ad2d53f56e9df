package org.replication.v3.api.type.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.jboss.resteasy.reactive.RestResponse;
import org.replication.v3.api.auth.Policy;
import org.replication.v3.api.error.ApiException;
import org.replication.v3.api.http.ApiRequest;
import org.replication.v3.api.type.mapping.DefaultTypeView;
import org.replication.v3.api.type.service.DefaultTypeService;
import org.replication.v3.api.version.Microversions;

/**
 * Cinder's project default types, {@code /v3/default-types[/{project_id}]} from 3.62 (the project is the one whose
 * default it is, not the caller's). Below 3.62 the paths do not exist; all calls are for admins.
 */
@Path("/v3/default-types")
@Produces(MediaType.APPLICATION_JSON)
public class DefaultTypeResource {

    @Inject
    DefaultTypeService defaults;

    @Inject
    ApiRequest request;

    @Inject
    Policy policy;

    /** 200 with the default now in force. */
    @PUT
    @Path("{project}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Map<String, Object>> set(@PathParam("project") String project, JsonNode body) {
        allowed(Policy.DEFAULT_TYPE_SET);
        String type = VolumeTypeRequests.defaultType(body);
        return defaults.set(project, type).map(saved -> Map.of("default_type", DefaultTypeView.of(saved)));
    }

    @GET
    @Path("{project}")
    public Uni<Map<String, Object>> get(@PathParam("project") String project) {
        allowed(Policy.DEFAULT_TYPE_GET);
        return defaults.get(project).map(found -> Map.of("default_type", DefaultTypeView.of(found)));
    }

    @GET
    public Uni<Map<String, Object>> list() {
        allowed(Policy.DEFAULT_TYPE_GET_ALL);
        return defaults.list().map(found -> Map.of("default_types",
                found.stream().map(DefaultTypeView::of).toList()));
    }

    /** 204, whether or not the project had a default. */
    @DELETE
    @Path("{project}")
    public Uni<RestResponse<Void>> unset(@PathParam("project") String project) {
        allowed(Policy.DEFAULT_TYPE_UNSET);
        return defaults.unset(project).map(done -> RestResponse.noContent());
    }

    /** Below 3.62 the resource is unknown (Cinder's 404 for a method the version lacks), then the policy. */
    private void allowed(String rule) {
        if (!request.version().atLeast(Microversions.DEFAULT_TYPE_OVERRIDES)) {
            throw ApiException.notFound("The resource could not be found.");
        }
        policy.authorize(request.caller(), rule);
    }
}
