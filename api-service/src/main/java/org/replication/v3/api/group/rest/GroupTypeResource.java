package org.replication.v3.api.group.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.jboss.resteasy.reactive.RestResponse;
import org.replication.v3.api.auth.Policy;
import org.replication.v3.api.group.mapping.GroupTypeView;
import org.replication.v3.api.group.service.GroupTypeService;
import org.replication.v3.api.http.ApiPaths;
import org.replication.v3.api.http.ApiRequest;
import org.replication.v3.api.version.Microversions;
import org.replication.v3.api.version.VersionGate;

/**
 * Cinder's group types and group specs: {@code /v3/[{project_id}/]group_types}, from microversion 3.11. Managing
 * them is for admins; others see public types without their specs.
 */
@Path(ApiPaths.PROJECT_SCOPED + "group_types")
@Produces(MediaType.APPLICATION_JSON)
public class GroupTypeResource {

    @Inject
    GroupTypeService types;

    @Inject
    ApiRequest request;

    @Inject
    Policy policy;

    /** 202 with the new type, as Cinder answers (volume types answer 200). */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<Map<String, Object>>> create(JsonNode body) {
        gate();
        policy.authorize(request.caller(), Policy.GROUP_TYPE_CREATE);
        boolean specs = seesSpecs();
        return types.create(GroupTypeRequests.create(body))
                .map(type -> RestResponse.accepted(Map.of("group_type", GroupTypeView.of(type, specs))));
    }

    @GET
    public Uni<Map<String, Object>> list() {
        gate();
        boolean specs = seesSpecs();
        return types.list(seesPrivate()).map(found -> Map.of("group_types",
                found.stream().map(type -> GroupTypeView.of(type, specs)).toList()));
    }

    @GET
    @Path("default")
    public Uni<Map<String, Object>> showDefault() {
        gate();
        boolean specs = seesSpecs();
        return types.showDefault(seesPrivate()).map(type -> Map.of("group_type", GroupTypeView.of(type, specs)));
    }

    @GET
    @Path("{id}")
    public Uni<Map<String, Object>> show(@PathParam("id") String id) {
        gate();
        boolean specs = seesSpecs();
        return types.show(id, seesPrivate()).map(type -> Map.of("group_type", GroupTypeView.of(type, specs)));
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Map<String, Object>> update(@PathParam("id") String id, JsonNode body) {
        gate();
        policy.authorize(request.caller(), Policy.GROUP_TYPE_UPDATE);
        boolean specs = seesSpecs();
        return types.update(id, GroupTypeRequests.update(body))
                .map(type -> Map.of("group_type", GroupTypeView.of(type, specs)));
    }

    @DELETE
    @Path("{id}")
    public Uni<RestResponse<Void>> delete(@PathParam("id") String id) {
        gate();
        policy.authorize(request.caller(), Policy.GROUP_TYPE_DELETE);
        return types.delete(id).map(done -> RestResponse.accepted());
    }

    /** Adds or replaces specs; 202 with the specs it was given. */
    @POST
    @Path("{id}/group_specs")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<Map<String, Object>>> setGroupSpecs(@PathParam("id") String id, JsonNode body) {
        gate();
        policy.authorize(request.caller(), Policy.GROUP_SPECS_CREATE);
        Map<String, String> specs = GroupTypeRequests.groupSpecs(body);
        return types.setGroupSpecs(id, specs).map(done -> RestResponse.accepted(Map.of("group_specs", specs)));
    }

    @GET
    @Path("{id}/group_specs")
    public Uni<Map<String, Object>> groupSpecs(@PathParam("id") String id) {
        gate();
        policy.authorize(request.caller(), Policy.GROUP_SPECS_GET_ALL);
        return types.groupSpecs(id).map(specs -> Map.of("group_specs", specs));
    }

    @GET
    @Path("{id}/group_specs/{key}")
    public Uni<Map<String, String>> groupSpec(@PathParam("id") String id, @PathParam("key") String key) {
        gate();
        policy.authorize(request.caller(), Policy.GROUP_SPECS_GET);
        return types.groupSpecs(id).map(specs -> {
            if (!specs.containsKey(key)) {
                throw GroupTypeService.noSuchSpec(id, key);
            }
            return Map.of(key, specs.get(key));
        });
    }

    @PUT
    @Path("{id}/group_specs/{key}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<Map<String, String>>> updateGroupSpec(@PathParam("id") String id,
            @PathParam("key") String key, JsonNode body) {
        gate();
        policy.authorize(request.caller(), Policy.GROUP_SPECS_UPDATE);
        Map<String, String> spec = GroupTypeRequests.oneGroupSpec(body, key);
        return types.setGroupSpecs(id, spec).map(done -> RestResponse.accepted(spec));
    }

    @DELETE
    @Path("{id}/group_specs/{key}")
    public Uni<RestResponse<Void>> deleteGroupSpec(@PathParam("id") String id, @PathParam("key") String key) {
        gate();
        policy.authorize(request.caller(), Policy.GROUP_SPECS_DELETE);
        return types.deleteGroupSpec(id, key).map(done -> RestResponse.accepted());
    }

    private void gate() {
        VersionGate.require(request.version(), Microversions.GROUP_TYPE);
    }

    private boolean seesPrivate() {
        return policy.allows(request.caller(), Policy.GROUP_TYPE_SEE_PRIVATE);
    }

    private boolean seesSpecs() {
        return policy.allows(request.caller(), Policy.GROUP_TYPE_SPECS_ACCESS);
    }
}
