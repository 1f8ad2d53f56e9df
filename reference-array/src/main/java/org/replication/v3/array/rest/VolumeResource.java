package org.replication.v3.array.rest;

import com.fasterxml.jackson.databind.JsonNode;
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
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.replication.v3.array.volume.ArrayException;
import org.replication.v3.array.volume.ArrayService;

/**
 * The array's management API and data path for its callers (a driver, an operator, a test). Blocking methods: they
 * run on worker threads, never the event loop.
 */
@Path("/v1/volumes")
@Produces(MediaType.APPLICATION_JSON)
public class VolumeResource {

    /** What one read from disk and one chunk of a streamed response hold. */
    private static final int CHUNK = 1 << 20;

    private final ArrayService array;
    private final ExplicitJson json;

    public VolumeResource(ArrayService array, ExplicitJson json) {
        this.array = array;
        this.json = json;
    }

    public record CreateVolume(String id, Long sizeBytes, String pool) {
    }

    public record Extend(Long sizeBytes) {
    }

    public record CreatePair(String peer, String mode, Integer rpoSeconds, String topology, Boolean mediator) {
    }

    public record Promote(Long generation, String by, Boolean peerLost) {
    }

    public record FenceRequest(Long generation, String by) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(CreateVolume body) throws IOException {
        Params.body(body, "{\"id\": ..., \"size_bytes\": ...}");
        ArrayService.Created created = array.create(body.id(), body.sizeBytes(), body.pool());
        return Response.status(created.created() ? 201 : 200).entity(Map.of("volume", created.volume())).build();
    }

    /**
     * The volumes; {@code ids}: only those (comma-separated; unknown ones are simply absent); {@code paired=true}:
     * only paired ones; {@code fields}: only these keys of each volume (comma-separated; {@code id} always).
     */
    @GET
    public Map<String, Object> list(@QueryParam("ids") String ids, @QueryParam("paired") boolean paired,
            @QueryParam("fields") String fields) {
        Set<String> only = ids == null ? null : split(ids);
        List<Map<String, Object>> volumes = array.list(only, paired);
        if (fields != null) {
            Set<String> keep = split(fields);
            keep.add("id");
            volumes = volumes.stream().map(v -> {
                Map<String, Object> some = new LinkedHashMap<>(v);
                some.keySet().retainAll(keep);
                return some;
            }).toList();
        }
        return Map.of("volumes", volumes);
    }

    private static Set<String> split(String list) {
        Set<String> items = new HashSet<>();
        for (String item : list.split(",")) {
            if (!item.isBlank()) {
                items.add(item.strip());
            }
        }
        return items;
    }

    @GET
    @Path("{id}")
    public Map<String, Object> get(@PathParam("id") String id) {
        return Map.of("volume", array.get(id));
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) throws IOException {
        array.delete(id);
        return Response.noContent().build();
    }

    @POST
    @Path("{id}/extend")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> extend(@PathParam("id") String id, Extend body) throws IOException {
        Params.body(body, "{\"size_bytes\": ...}");
        return Map.of("volume", array.extend(id, body.sizeBytes()));
    }

    @POST
    @Path("{id}/pair")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> createPair(@PathParam("id") String id, CreatePair body) throws IOException {
        Params.body(body, "{\"peer\": ..., \"mode\": \"sync\"|\"async\", \"rpo_seconds\": ..., \"topology\": ...,"
                + " \"mediator\": true|false}");
        return Map.of("volume", array.createPair(id, body.peer(), Params.mode(body.mode()), body.rpoSeconds(),
                Params.topology(body.topology()), Boolean.TRUE.equals(body.mediator())));
    }

    @DELETE
    @Path("{id}/pair")
    public Response deletePair(@PathParam("id") String id, @QueryParam("force") boolean force) throws IOException {
        array.deletePair(id, force);
        return Response.noContent().build();
    }

    @POST
    @Path("{id}/promote")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> promote(@PathParam("id") String id, Promote body) throws IOException {
        if (body == null) {
            return array.promote(id, null, "driver", false);
        }
        return array.promote(id, body.generation(), body.by() == null ? "driver" : body.by(),
                Boolean.TRUE.equals(body.peerLost()));
    }

    @POST
    @Path("{id}/demote")
    public Map<String, Object> demote(@PathParam("id") String id) throws IOException {
        return Map.of("volume", array.demote(id));
    }

    @POST
    @Path("{id}/fence")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> fence(@PathParam("id") String id, FenceRequest body) throws IOException {
        Params.body(body, "{\"generation\": ...}");
        return array.fence(id, body.generation(), body.by() == null ? "caller" : body.by());
    }

    @POST
    @Path("{id}/reprotect")
    public Map<String, Object> reprotect(@PathParam("id") String id) throws IOException {
        return array.reprotect(id);
    }

    /** Writes the body at {@code offset}; answers 204 once replication has acknowledged it. At most 64 MiB. */
    @PUT
    @Path("{id}/data")
    @Consumes(MediaType.APPLICATION_OCTET_STREAM)
    public Response write(@PathParam("id") String id, @QueryParam("offset") String offset, byte[] body)
            throws IOException {
        long at = Params.offset(offset);
        if (body == null || body.length == 0) {
            throw ArrayException.badRequest("a write carries 1 byte or more");
        }
        array.write(id, at, body);
        return Response.noContent().build();
    }

    /** Streams {@code length} bytes from {@code offset}, a chunk at a time: at most 64 MiB a request. */
    @GET
    @Path("{id}/data")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    public Response read(@PathParam("id") String id, @QueryParam("offset") String offset,
            @QueryParam("length") String length) {
        ArrayService.Range range = array.reading(id, Params.offset(offset), Params.length(length));
        StreamingOutput stream = out -> {
            for (long position = range.offset(); position < range.offset() + range.length(); position += CHUNK) {
                int size = (int) Math.min(CHUNK, range.offset() + range.length() - position);
                out.write(ArrayService.read(range, position, size));
            }
        };
        return Response.ok(stream, MediaType.APPLICATION_OCTET_STREAM)
                .header("Content-Length", Long.toString(range.length())).build();
    }

    /** An async secondary's last pending report from its primary: the blocks a failover now would lose. */
    @GET
    @Path("{id}/at-risk")
    public JsonNode atRisk(@PathParam("id") String id) {
        return json.tree(array.atRisk(id));
    }

    @GET
    @Path("{id}/checksum")
    public Map<String, Object> checksum(@PathParam("id") String id) throws IOException {
        return Map.of("checksum", array.checksum(id));
    }
}
