package org.replication.v3.api.group.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.jboss.resteasy.reactive.RestResponse;
import org.replication.v3.api.auth.Policy;
import org.replication.v3.api.error.ApiException;
import org.replication.v3.api.group.mapping.GroupView;
import org.replication.v3.api.group.service.GroupReplication;
import org.replication.v3.api.group.service.GroupService;
import org.replication.v3.api.http.ApiPaths;
import org.replication.v3.api.http.ApiRequest;
import org.replication.v3.api.validation.CinderSchema;
import org.replication.v3.api.version.ApiVersion;
import org.replication.v3.api.version.Microversions;
import org.replication.v3.api.version.VersionGate;

/**
 * Cinder's generic volume groups: {@code /v3/[{project_id}/]groups}, from microversion 3.13. Members work on their
 * project's groups, readers only look; someone else's group does not exist; reset_status is for admins.
 */
@Path(ApiPaths.PROJECT_SCOPED + "groups")
@Produces(MediaType.APPLICATION_JSON)
public class GroupResource {

    private static final Map<String, ApiVersion> ACTIONS = Map.of(
            "delete", Microversions.GROUP_VOLUME,
            "reset_status", Microversions.GROUP_VOLUME_RESET_STATUS,
            "enable_replication", Microversions.GROUP_REPLICATION,
            "disable_replication", Microversions.GROUP_REPLICATION,
            "failover_replication", Microversions.GROUP_REPLICATION,
            "list_replication_targets", Microversions.GROUP_REPLICATION);
    private static final Map<String, String> ACTION_RULES = Map.of(
            "delete", Policy.GROUP_DELETE,
            "reset_status", Policy.GROUP_RESET_STATUS,
            "enable_replication", Policy.GROUP_ENABLE_REPLICATION,
            "disable_replication", Policy.GROUP_DISABLE_REPLICATION,
            "failover_replication", Policy.GROUP_FAILOVER_REPLICATION,
            "list_replication_targets", Policy.GROUP_LIST_REPLICATION_TARGETS);
    private static final Set<String> FAILOVER_FIELDS = Set.of("allow_attached_volume", "secondary_backend_id");

    @Inject
    GroupService groups;

    @Inject
    GroupReplication replication;

    @Inject
    ApiRequest request;

    @Inject
    Policy policy;

    /** Records the group as {@code creating} and asks the scheduler to place it; 202 with its id and name. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<Map<String, Object>>> create(JsonNode body) {
        gate();
        policy.authorize(request.caller(), Policy.GROUP_CREATE);
        return groups.create(request.caller(), GroupRequests.create(body))
                .map(group -> RestResponse.accepted(Map.of("group", GroupView.summary(group))));
    }

    @GET
    public Uni<Map<String, Object>> list(@QueryParam("all_tenants") String allTenants) {
        gate();
        return groups.list(request.caller(), flag(allTenants), false).map(found -> Map.of("groups",
                found.stream().map(group -> GroupView.summary(group.group())).toList()));
    }

    @GET
    @Path("detail")
    public Uni<Map<String, Object>> detail(@QueryParam("all_tenants") String allTenants,
            @QueryParam("list_volume") String listVolume) {
        gate();
        GroupView.Context view = GroupView.Context.of(request, policy);
        return groups.list(request.caller(), flag(allTenants), listVolumes(listVolume)).map(found -> Map.of(
                "groups", found.stream().map(group -> GroupView.detail(group, view)).toList()));
    }

    @GET
    @Path("{id}")
    public Uni<Map<String, Object>> show(@PathParam("id") String id, @QueryParam("list_volume") String listVolume) {
        gate();
        GroupView.Context view = GroupView.Context.of(request, policy);
        return groups.show(request.caller(), id, listVolumes(listVolume))
                .map(group -> Map.of("group", GroupView.detail(group, view)));
    }

    /** Name, description and membership; 202 without a body, as Cinder. */
    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<Void>> update(@PathParam("id") String id, JsonNode body) {
        gate();
        policy.authorize(request.caller(), Policy.GROUP_UPDATE);
        return groups.update(request.caller(), id, GroupRequests.update(body)).map(done -> RestResponse.accepted());
    }

    @POST
    @Path("{id}/action")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<Object>> action(@PathParam("id") String id, JsonNode body) {
        gate();
        String name = actionName(body);
        VersionGate.require(request.version(), ACTIONS.get(name));
        policy.authorize(request.caller(), ACTION_RULES.get(name));
        JsonNode action = body.get(name);
        return switch (name) {
            case "delete" -> groups.delete(request.caller(), id, GroupRequests.delete(action))
                    .map(done -> RestResponse.accepted());
            case "reset_status" -> groups.resetStatus(request.caller(), id, GroupRequests.resetStatus(action))
                    .map(done -> RestResponse.accepted());
            case "failover_replication" -> {
                GroupRequests.FailoverReplication parsed = GroupRequests.failoverReplication(action, FAILOVER_FIELDS);
                yield replication.failover(request.caller(), id, parsed.allowAttachedVolume(),
                        parsed.secondaryBackendId()).map(accepted -> RestResponse.accepted());
            }
            case "list_replication_targets" -> {
                GroupRequests.replication(name, action, Set.of());
                yield replication.targets(request.caller(), id)
                        .map(targets -> RestResponse.ok(Map.of("replication_targets", targets)));
            }
            case "enable_replication" -> {
                GroupRequests.replication(name, action, Set.of());
                yield replication.enable(request.caller(), id).map(done -> RestResponse.accepted());
            }
            default -> {
                GroupRequests.replication(name, action, Set.of());
                yield replication.disable(request.caller(), id).map(done -> RestResponse.accepted());
            }
        };
    }

    /** The first key of the body that names an action, as Cinder's action dispatch reads it. */
    private static String actionName(JsonNode body) {
        CinderSchema.object(body, "action");
        Iterator<String> names = body.fieldNames();
        if (!names.hasNext()) {
            throw ApiException.badRequest("Malformed request body");
        }
        String first = null;
        while (names.hasNext()) {
            String name = names.next();
            if (ACTIONS.containsKey(name)) {
                return name;
            }
            first = first == null ? name : first;
        }
        throw ApiException.badRequest("There is no such action: " + first);
    }

    private void gate() {
        VersionGate.require(request.version(), Microversions.GROUP_VOLUME);
    }

    private boolean listVolumes(String listVolume) {
        return request.version().atLeast(Microversions.GROUP_VOLUME_LIST) && flag(listVolume);
    }

    private static boolean flag(String value) {
        return value != null && CinderSchema.parseBoolean(value).orElse(false);
    }
}
