package org.replication.v3.volume.data;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.jboss.logging.Logger;
import org.replication.v3.volume.driver.filearray.replication.ArrayDownException;
import org.replication.v3.volume.driver.filearray.replication.Side;
import org.replication.v3.volume.driver.filearray.replication.WriteRefusedException;
import org.replication.v3.volume.lifecycle.Volume;

/**
 * Admin data plane of the reference driver: write and read a volume's bytes (on its active side, or on a named
 * side), and checksum a side. Writes answer only once the volume's replication mode has acknowledged them.
 */
@Path("/v1/volumes/{id}")
@WithSession
public class VolumeDataResource {

    private static final Logger LOG = Logger.getLogger(VolumeDataResource.class);

    private final DataPlane data;
    private final Vertx vertx;

    public VolumeDataResource(DataPlane data, Vertx vertx) {
        this.data = data;
        this.vertx = vertx;
    }

    @PUT
    @Path("data")
    @Consumes(MediaType.APPLICATION_OCTET_STREAM)
    public Uni<Response> write(@PathParam("id") String id, @QueryParam("offset") long offset,
            @QueryParam("side") String side, byte[] body) {
        return located(id, volume -> () -> {
            data.write(volume, side(side), offset, body);
            return Response.noContent().build();
        });
    }

    @GET
    @Path("data")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    public Uni<Response> read(@PathParam("id") String id, @QueryParam("offset") long offset,
            @QueryParam("length") int length, @QueryParam("side") String side) {
        return located(id, volume -> () -> Response.ok(data.read(volume, side(side), offset, length)).build());
    }

    @GET
    @Path("checksum")
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> checksum(@PathParam("id") String id, @QueryParam("side") String side) {
        return located(id, volume -> () -> Response.ok(Map.of("checksum", Map.of("volume_id", id,
                "side", (side(side) == null ? data.active(volume) : side(side)).name().toLowerCase(Locale.ROOT),
                "sha256", data.checksum(volume, side(side))))).build());
    }

    private Uni<Response> located(String id, Function<VolumeLocation, Callable<Response>> io) {
        return Volume.<Volume>findById(id).flatMap(volume -> {
            if (volume == null) {
                return Uni.createFrom().item(fault(Response.Status.NOT_FOUND, "itemNotFound",
                        "volume " + id + " is not on this volume-service"));
            }
            Callable<Response> call = io.apply(new VolumeLocation(volume.id, volume.backend, volume.pool));
            return vertx.executeBlocking(Uni.createFrom().item(() -> run(id, call)), false);
        });
    }

    private static Response run(String id, Callable<Response> call) {
        try {
            return call.call();
        } catch (IllegalArgumentException e) {
            return fault(Response.Status.BAD_REQUEST, "badRequest", e.getMessage());
        } catch (WriteRefusedException e) {
            return fault(Response.Status.CONFLICT, "conflict", e.getMessage());
        } catch (ArrayDownException e) {
            return fault(Response.Status.SERVICE_UNAVAILABLE, "serviceUnavailable", e.getMessage());
        } catch (IOException e) {
            LOG.warnf("volume %s: data plane I/O failed: %s", id, e.getMessage());
            return fault(Response.Status.SERVICE_UNAVAILABLE, "serviceUnavailable", e.getMessage());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Side side(String side) {
        if (side == null) {
            return null;
        }
        try {
            return Side.valueOf(side.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("side must be primary or secondary, not " + side);
        }
    }

    static Response fault(Response.Status status, String kind, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(Map.of(kind, Map.of("code", status.getStatusCode(), "message", message))).build();
    }
}
