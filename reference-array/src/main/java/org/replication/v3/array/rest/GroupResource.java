package org.replication.v3.array.rest;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.replication.v3.array.volume.ArrayService;

/**
 * Consistency groups (step A5): which volumes fail over to one instant together. The async members of a group ship
 * one point-in-time image for all of them at once; sync pairs are consistent per write already.
 */
@Path("/v1/groups")
@Produces(MediaType.APPLICATION_JSON)
public class GroupResource {

    private final ArrayService array;
    private final ExplicitJson json;

    public GroupResource(ArrayService array, ExplicitJson json) {
        this.array = array;
        this.json = json;
    }

    public record PutGroup(List<String> volumes) {
    }

    public record ChangeMembers(List<String> add, List<String> remove) {
    }

    @GET
    public JsonNode list() {
        return json.tree(Map.of("groups", array.groups()));
    }

    @GET
    @Path("{id}")
    public JsonNode get(@PathParam("id") String id) {
        return json.tree(Map.of("group", array.group(id)));
    }

    /** Creates the group with these members, or sets its members: 201 new, 200 existing. */
    @POST
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response put(@PathParam("id") String id, PutGroup body) throws IOException {
        Params.body(body, "{\"volumes\": [\"<volume id>\", ...]}");
        ArrayService.Created created = array.putGroup(id, body.volumes());
        return Response.status(created.created() ? 201 : 200).entity(json.tree(Map.of("group", created.volume())))
                .build();
    }

    @POST
    @Path("{id}/volumes")
    @Consumes(MediaType.APPLICATION_JSON)
    public JsonNode change(@PathParam("id") String id, ChangeMembers body) throws IOException {
        Params.body(body, "{\"add\": [...], \"remove\": [...]}");
        return json.tree(Map.of("group", array.changeGroup(id, body.add(), body.remove())));
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) throws IOException {
        array.deleteGroup(id);
        return Response.noContent().build();
    }
}
