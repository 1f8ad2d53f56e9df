package org.replication.v3.array.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.Map;
import org.replication.v3.array.volume.ArrayException;
import org.replication.v3.array.volume.ArrayService;
import org.replication.v3.array.volume.Pair;

/**
 * What a peer array calls on this one to replicate a volume: create the replica, mirror a sync write, apply an
 * image, extend, join again after a failover (reprotect). Every call carries the sender's generation, so a sender
 * that was failed away from is refused and learns it.
 */
@Path("/v1/replica/{id}")
@Produces(MediaType.APPLICATION_JSON)
public class ReplicaResource {

    private final ArrayService array;

    public ReplicaResource(ArrayService array) {
        this.array = array;
    }

    public record Replica(Long sizeBytes, Long generation, Pair pair) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@PathParam("id") String id, Replica body) throws IOException {
        Params.body(body, "{\"size_bytes\", \"generation\", \"pair\"}");
        array.createReplica(id, body.sizeBytes(), body.generation(), body.pair());
        return Response.noContent().build();
    }

    @PUT
    @Path("data")
    @Consumes(MediaType.APPLICATION_OCTET_STREAM)
    public Response write(@PathParam("id") String id, @QueryParam("offset") String offset,
            @QueryParam("generation") String generation, byte[] body) throws IOException {
        if (body == null || body.length == 0) {
            throw ArrayException.badRequest("a write carries 1 byte or more");
        }
        array.writeReplica(id, Params.generation(generation), Params.offset(offset), body);
        return Response.noContent().build();
    }

    @PUT
    @Path("image")
    @Consumes(MediaType.APPLICATION_OCTET_STREAM)
    public Response image(@PathParam("id") String id, @QueryParam("generation") String generation, byte[] body)
            throws IOException {
        if (body == null || body.length == 0) {
            throw ArrayException.badRequest("an image is required");
        }
        array.applyImage(id, Params.generation(generation), body);
        return Response.noContent().build();
    }

    @POST
    @Path("extend")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response extend(@PathParam("id") String id, Replica body) throws IOException {
        Params.body(body, "{\"size_bytes\", \"generation\"}");
        array.extendReplica(id, body.sizeBytes(), body.generation());
        return Response.noContent().build();
    }

    @DELETE
    @Path("pair")
    public Response removePair(@PathParam("id") String id, @QueryParam("generation") String generation)
            throws IOException {
        array.removePairAsReplica(id, generation == null ? null : Params.generation(generation));
        return Response.noContent().build();
    }

    @POST
    @Path("join")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> join(@PathParam("id") String id, Replica body) throws IOException {
        Params.body(body, "{\"generation\", \"size_bytes\", \"pair\"}");
        return Map.of("changed_blocks", array.join(id, body.generation(), body.sizeBytes(), body.pair()));
    }

    @DELETE
    @Path("changes")
    public Response clearChanges(@PathParam("id") String id, @QueryParam("generation") String generation)
            throws IOException {
        array.clearChanges(id, generation == null ? null : Params.generation(generation));
        return Response.noContent().build();
    }
}
