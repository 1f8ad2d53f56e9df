package org.replication.v3.api.type.rest;

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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.Map;
import org.jboss.resteasy.reactive.RestResponse;
import org.replication.v3.api.auth.Caller;
import org.replication.v3.api.auth.Policy;
import org.replication.v3.api.config.ApiConfig;
import org.replication.v3.api.http.ApiPaths;
import org.replication.v3.api.http.ApiRequest;
import org.replication.v3.api.type.mapping.VolumeTypeView;
import org.replication.v3.api.type.service.TypeListQuery;
import org.replication.v3.api.type.service.TypeReader;
import org.replication.v3.api.type.service.VolumeTypeAccessService;
import org.replication.v3.api.type.service.VolumeTypeService;

/** Cinder's volume types and extra specs: {@code /v3/[{project_id}/]types}. Changing them is for admins. */
@Path(ApiPaths.PROJECT_SCOPED + "types")
@Produces(MediaType.APPLICATION_JSON)
public class VolumeTypeResource {

    @Inject
    VolumeTypeService types;

    @Inject
    ApiRequest request;

    @Inject
    Policy policy;

    @Inject
    VolumeTypeAccessService access;

    @Inject
    ApiConfig config;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Map<String, Object>> create(JsonNode body) {
        policy.authorize(request.caller(), Policy.TYPE_CREATE);
        return types.create(VolumeTypeRequests.create(body))
                .map(type -> Map.of("volume_type", VolumeTypeView.created(type)));
    }

    /**
     * Public types and the private ones the caller's project may use. Admins choose with {@code is_public}: absent
     * or true is that same list, false only private types, {@code None} every type (cinderclient's type-list).
     */
    @GET
    public Uni<Map<String, Object>> list(@QueryParam("is_public") String isPublic, UriInfo uri) {
        Caller caller = request.caller();
        Boolean publicOnly = policy.allows(caller, Policy.TYPE_SEE_PRIVATE) ? VolumeTypeRequests.isPublic(isPublic)
                : Boolean.TRUE;
        VolumeTypeView.Context view = view();
        TypeListQuery query = VolumeTypeRequests.listQuery(uri.getQueryParameters(), request.version(), view,
                config.maxListLimit());
        return types.list(publicOnly, caller.projectId(), query)
                .map(found -> Map.of("volume_types",
                        found.stream().map(type -> VolumeTypeView.detail(type, view)).toList()));
    }

    /** The type a volume created without one gets: the project's default, else the configured one. */
    @GET
    @Path("default")
    public Uni<Map<String, Object>> showDefault() {
        VolumeTypeView.Context view = view();
        return types.showDefault(request.caller().projectId())
                .map(type -> Map.of("volume_type", VolumeTypeView.detail(type, view)));
    }

    @GET
    @Path("{id}")
    public Uni<Map<String, Object>> show(@PathParam("id") String id) {
        VolumeTypeView.Context view = view();
        return types.show(id, reader()).map(type -> Map.of("volume_type", VolumeTypeView.detail(type, view)));
    }

    /** Renames, describes or publishes a type; 200 with the type as it now is. */
    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Map<String, Object>> update(@PathParam("id") String id, JsonNode body) {
        policy.authorize(request.caller(), Policy.TYPE_UPDATE);
        VolumeTypeView.Context view = view();
        return types.update(id, VolumeTypeRequests.update(body))
                .map(type -> Map.of("volume_type", VolumeTypeView.detail(type, view)));
    }

    /** The projects that may use a private type. */
    @GET
    @Path("{id}/os-volume-type-access")
    public Uni<Map<String, Object>> access(@PathParam("id") String id) {
        policy.authorize(request.caller(), Policy.TYPE_ACCESS_LIST);
        return access.list(id).map(found -> Map.of("volume_type_access",
                found.stream().map(VolumeTypeView::access).toList()));
    }

    /** {@code addProjectAccess} and {@code removeProjectAccess}; 202 as Cinder answers. */
    @POST
    @Path("{id}/action")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<Void>> action(@PathParam("id") String id, JsonNode body) {
        VolumeTypeRequests.AccessChange change = VolumeTypeRequests.accessChange(body);
        policy.authorize(request.caller(), change.grant() ? Policy.TYPE_ACCESS_ADD : Policy.TYPE_ACCESS_REMOVE);
        Uni<Void> done = change.grant() ? access.add(id, change.projectId()) : access.remove(id, change.projectId());
        return done.map(nothing -> RestResponse.accepted());
    }

    @DELETE
    @Path("{id}")
    public Uni<RestResponse<Void>> delete(@PathParam("id") String id) {
        policy.authorize(request.caller(), Policy.TYPE_DELETE);
        return types.delete(id).map(done -> RestResponse.accepted());
    }

    /** Adds or replaces specs; answers with the specs it was given, as Cinder does. */
    @POST
    @Path("{id}/extra_specs")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Map<String, Object>> setExtraSpecs(@PathParam("id") String id, JsonNode body) {
        policy.authorize(request.caller(), Policy.EXTRA_SPECS_CREATE);
        Map<String, String> specs = VolumeTypeRequests.extraSpecs(body);
        return types.setExtraSpecs(id, specs).map(done -> Map.of("extra_specs", specs));
    }

    @GET
    @Path("{id}/extra_specs")
    public Uni<Map<String, Object>> extraSpecs(@PathParam("id") String id) {
        VolumeTypeView.Context view = view();
        return types.extraSpecs(id, reader()).map(specs -> Map.of("extra_specs", view.visibleSpecs(specs)));
    }

    @GET
    @Path("{id}/extra_specs/{key}")
    public Uni<Map<String, String>> extraSpec(@PathParam("id") String id, @PathParam("key") String key) {
        VolumeTypeView.Context view = view();
        return types.extraSpecs(id, reader()).map(specs -> {
            if (!view.visibleSpecs(specs).containsKey(key)) {
                throw VolumeTypeService.noSuchSpec(id, key);
            }
            return Map.of(key, specs.get(key));
        });
    }

    @PUT
    @Path("{id}/extra_specs/{key}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Map<String, String>> updateExtraSpec(@PathParam("id") String id, @PathParam("key") String key,
            JsonNode body) {
        policy.authorize(request.caller(), Policy.EXTRA_SPECS_UPDATE);
        Map<String, String> spec = VolumeTypeRequests.oneExtraSpec(body, key);
        return types.setExtraSpecs(id, spec).map(done -> spec);
    }

    @DELETE
    @Path("{id}/extra_specs/{key}")
    public Uni<RestResponse<Void>> deleteExtraSpec(@PathParam("id") String id, @PathParam("key") String key) {
        policy.authorize(request.caller(), Policy.EXTRA_SPECS_DELETE);
        return types.deleteExtraSpec(id, key).map(done -> RestResponse.accepted());
    }

    private VolumeTypeView.Context view() {
        Caller caller = request.caller();
        return new VolumeTypeView.Context(policy.allows(caller, Policy.TYPE_QOS_SPECS_ID),
                policy.allows(caller, Policy.EXTRA_SPECS_READ_SENSITIVE));
    }

    private TypeReader reader() {
        Caller caller = request.caller();
        return new TypeReader(caller.projectId(), policy.allows(caller, Policy.TYPE_SEE_PRIVATE));
    }
}
