package org.replication.v3.volume.data.rest;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestMulti;
import org.replication.v3.volume.data.service.Side;
import org.replication.v3.volume.driver.filearray.ArrayClient;
import org.replication.v3.volume.lifecycle.Volume;
import org.replication.v3.volume.replication.service.ReplicationMonitor;
import org.replication.v3.volume.data.service.DataPlane;
import org.replication.v3.volume.data.VolumeLocation;

/**
 * Admin data plane of the reference driver: write and read a volume's bytes (on its active side, or on a named
 * side), and checksum a side. Writes answer only once the volume's replication mode has acknowledged them. A read
 * is streamed chunk by chunk from a worker, at most {@link #MAX_READ} bytes a request; a write's body is bounded by
 * {@code quarkus.http.limits.max-body-size}.
 */
@Path("/v1/volumes/{id}")
public class VolumeDataResource {

    /** The most one read returns: a client reads a larger range in several requests. */
    static final long MAX_READ = 64L << 20;
    /** What one worker call reads and the response holds at a time. */
    private static final int CHUNK = 1 << 20;
    private static final Logger LOG = Logger.getLogger(VolumeDataResource.class);

    private final DataPlane data;
    private final ReplicationMonitor replication;
    private final Vertx vertx;

    public VolumeDataResource(DataPlane data, ReplicationMonitor replication, Vertx vertx) {
        this.data = data;
        this.replication = replication;
        this.vertx = vertx;
    }

    /** A read the data plane accepted: the side it is served from and the range. */
    private record Read(DataPlane.Extent extent, long offset, long length) {
    }

    /** A request's parameters, checked before anything is looked up. */
    private record Range(long offset, long length, Side side) {
    }

    @PUT
    @Path("data")
    @Consumes(MediaType.APPLICATION_OCTET_STREAM)
    public Uni<Response> write(@PathParam("id") String id, @QueryParam("offset") String offset,
            @QueryParam("side") String side, byte[] body) {
        byte[] bytes = body == null ? new byte[0] : body;
        return checked(() -> new Range(offset(offset), bytes.length, side(side)))
                .flatMap(range -> located(id).flatMap(volume -> blocking(() -> {
                    data.write(volume, range.side(), range.offset(), bytes);
                    return Response.noContent().build();
                }))).onFailure().transform(VolumeDataResource::asFault);
    }

    @GET
    @Path("data")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    public RestMulti<byte[]> read(@PathParam("id") String id, @QueryParam("offset") String offset,
            @QueryParam("length") String length, @QueryParam("side") String side) {
        Uni<Read> read = checked(() -> new Range(offset(offset), length(length), side(side)))
                .flatMap(range -> located(id).flatMap(volume -> blocking(() -> new Read(
                        data.reading(volume, range.side(), range.offset(), range.length()), range.offset(),
                        range.length())))).onFailure().transform(VolumeDataResource::asFault);
        return RestMulti.fromUniResponse(read, r -> chunks(id, r),
                r -> Map.of(HttpHeaders.CONTENT_LENGTH, List.of(Long.toString(r.length()))), r -> 200);
    }

    @GET
    @Path("checksum")
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> checksum(@PathParam("id") String id, @QueryParam("side") String side) {
        return checked(() -> side(side)).flatMap(asked -> located(id).flatMap(volume -> blocking(() ->
                Response.ok(Map.of("checksum", Map.of("volume_id", id,
                        "side", (asked == null ? data.active(volume) : asked).name().toLowerCase(Locale.ROOT),
                        "sha256", data.checksum(volume, asked)))).build())))
                .onFailure().transform(VolumeDataResource::asFault);
    }

    /**
     * The range's bytes, one chunk at a time on a worker, the next read only once the previous chunk is written:
     * a read holds a chunk or two in memory whatever its length. A failure after the first byte can only cut the
     * response short (its Content-Length tells the client).
     */
    private Multi<byte[]> chunks(String id, Read read) {
        int count = (int) ((read.length() + CHUNK - 1) / CHUNK);
        return Multi.createFrom().range(0, count).onItem().transformToUniAndConcatenate(i -> {
            long position = read.offset() + (long) i * CHUNK;
            int length = (int) Math.min(CHUNK, read.offset() + read.length() - position);
            return blocking(() -> read.extent().read(position, length));
        }).onFailure().invoke(e -> LOG.warnf("volume %s: read of %d+%d cut short: %s", id, read.offset(),
                read.length(), e.getMessage()));
    }

    /**
     * The volume as this service holds it. Pairs are restored first after a start (at once when done), so that a
     * replicated volume is never taken for an unreplicated one.
     */
    private Uni<VolumeLocation> located(String id) {
        return replication.restoreOnce().chain(() -> Panache.withSession(() -> Volume.<Volume>findById(id)))
                .map(volume -> {
                    if (volume == null) {
                        throw new WebApplicationException(fault(Response.Status.NOT_FOUND, "itemNotFound",
                                "volume " + id + " is not on this volume-service"));
                    }
                    return new VolumeLocation(volume.id, volume.backend, volume.pool,
                            ReplicationMonitor.hasReplica(volume.replicationStatus));
                });
    }

    /** What {@code call} returns, or the exception it throws as it is (a checked one is not wrapped). */
    private static <T> Uni<T> checked(Callable<T> parse) {
        return Uni.createFrom().emitter(emitter -> {
            try {
                emitter.complete(parse.call());
            } catch (Exception e) {
                emitter.fail(e);
            }
        });
    }

    private <T> Uni<T> blocking(Callable<T> io) {
        return vertx.executeBlocking(checked(io), false);
    }

    /** The Cinder fault a data plane failure is: what the caller did wrong, or what is down. */
    private static Throwable asFault(Throwable failure) {
        if (failure instanceof WebApplicationException) {
            return failure;
        }
        if (failure instanceof IllegalArgumentException) {
            return new WebApplicationException(fault(Response.Status.BAD_REQUEST, "badRequest", failure.getMessage()));
        }
        if (failure instanceof ArrayClient.Refused refused && refused.status() < 500) {
            // The array's own refusal (a fenced or secondary side, a range): the caller's to fix.
            return new WebApplicationException(refused.status() == 409
                    ? fault(Response.Status.CONFLICT, "conflictingRequest", failure.getMessage())
                    : fault(Response.Status.fromStatusCode(refused.status()), "badRequest", failure.getMessage()));
        }
        if (failure instanceof IOException) {
            LOG.warnf("data plane I/O failed: %s", failure.getMessage());
            return new WebApplicationException(fault(Response.Status.SERVICE_UNAVAILABLE, "serviceUnavailable",
                    failure.getMessage()));
        }
        return failure;
    }

    private static long offset(String value) {
        if (value == null) {
            return 0;
        }
        long offset = bytes("offset", value);
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be 0 or more, not " + value);
        }
        return offset;
    }

    private static long length(String value) {
        if (value == null) {
            throw new IllegalArgumentException("length is required: the number of bytes to read, at most "
                    + MAX_READ + " (64 MiB)");
        }
        long length = bytes("length", value);
        if (length <= 0 || length > MAX_READ) {
            throw new IllegalArgumentException("length must be 1 to " + MAX_READ + " bytes (64 MiB) per read, not "
                    + value);
        }
        return length;
    }

    private static long bytes(String name, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number of bytes, not " + value);
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
