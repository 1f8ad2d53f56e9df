package org.replication.v3.volume.data.service;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import org.replication.v3.volume.backend.Backend;
import org.replication.v3.volume.backend.Backends;
import org.replication.v3.volume.data.VolumeLocation;
import org.replication.v3.volume.driver.filearray.ArrayClient;
import org.replication.v3.volume.driver.filearray.FileArrayDriver;
import org.replication.v3.volume.driver.filearray.FileArrayReplication;

/**
 * Block I/O on the reference driver's volumes, so that tests, drills and benchmarks can put real data in and read
 * it back from either side: each call goes to the data path of the array holding that side (module
 * {@code reference-array}), which mirrors or ships the write by its pair's mode before it answers. Blocking: callers
 * run it on a worker.
 */
@ApplicationScoped
public class DataPlane {

    private final Backends backends;

    public DataPlane(Backends backends) {
        this.backends = backends;
    }

    /** One side of one volume: the array holding it and the volume's size there. */
    public record Extent(ArrayClient array, String volumeId, Side side, long size) {

        /** Blocking read of a range {@link DataPlane#reading} accepted. */
        public byte[] read(long offset, int length) throws IOException {
            try (InputStream in = array.read(volumeId, offset, length)) {
                return in.readAllBytes();
            }
        }
    }

    public void write(VolumeLocation volume, Side side, long offset, byte[] data) throws IOException {
        Extent extent = extent(volume, side);
        checkRange(extent, offset, data.length);
        extent.array().write(volume.id(), offset, data);
    }

    /**
     * The side a read of {@code length} bytes at {@code offset} is served from, once the range is inside the volume
     * and the side's array has answered, so that a refused read is refused before any byte is sent.
     */
    public Extent reading(VolumeLocation volume, Side side, long offset, long length) throws IOException {
        Extent extent = extent(volume, side);
        checkRange(extent, offset, length);
        return extent;
    }

    /** The side serving the volume: primary for an unreplicated volume. */
    public Side active(VolumeLocation volume) throws IOException {
        return extent(volume, null).side();
    }

    public String checksum(VolumeLocation volume, Side side) throws IOException {
        return extent(volume, side).array().checksum(volume.id());
    }

    /** {@code side} null: the side serving the volume, the one whose array promoted it last. */
    private Extent extent(VolumeLocation volume, Side side) throws IOException {
        Backend backend = backends.all().stream().filter(b -> b.name().equals(volume.backend())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("backend " + volume.backend() + " is not hosted here"));
        if (!(backend.driver() instanceof FileArrayDriver driver)) {
            throw new IllegalArgumentException("backend " + backend.name() + " does not use the " + FileArrayDriver.NAME
                    + " reference driver: the data plane has no access to its volumes");
        }
        ArrayClient primary = driver.array();
        Optional<ArrayClient> target = backend.replication().filter(FileArrayReplication.class::isInstance)
                .map(FileArrayReplication.class::cast)
                .flatMap(r -> r.targetOf(volume.id()).flatMap(r::targetArray));
        if (volume.replicated() && target.isEmpty()) {
            throw new IOException("volume " + volume.id() + " is replicated but its replication is not restored on"
                    + " this volume-service");
        }
        if (target.isEmpty()) {
            if (side == Side.SECONDARY) {
                throw new IllegalArgumentException("the volume is not replicated: it has no secondary side");
            }
            return new Extent(primary, volume.id(), Side.PRIMARY, size(primary, volume.id()));
        }
        if (side != null) {
            ArrayClient array = side == Side.PRIMARY ? primary : target.get();
            return new Extent(array, volume.id(), side, size(array, volume.id()));
        }
        JsonNode home = view(primary, volume.id());
        JsonNode away = view(target.get(), volume.id());
        boolean targetServes = serves(away) && (!serves(home)
                || away.path("generation").asLong() > home.path("generation").asLong());
        JsonNode chosen = targetServes ? away : home;
        if (chosen == null) {
            throw new ArrayClient.Unreachable("neither array of volume " + volume.id() + " answers", null);
        }
        return new Extent(targetServes ? target.get() : primary, volume.id(),
                targetServes ? Side.SECONDARY : Side.PRIMARY, chosen.path("size_bytes").asLong());
    }

    private static boolean serves(JsonNode view) {
        return view != null && view.path("role").asText().equals("primary") && view.path("serving").asBoolean();
    }

    private static JsonNode view(ArrayClient array, String id) {
        try {
            return array.list(List.of(id)).stream().findFirst().orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    private static long size(ArrayClient array, String id) throws IOException {
        return array.list(List.of(id)).stream().findFirst()
                .orElseThrow(() -> new IOException("volume " + id + " is not on array " + array.name()))
                .path("size_bytes").asLong();
    }

    private static void checkRange(Extent extent, long offset, long length) {
        long size = extent.size();
        // offset > size - length rather than offset + length > size, which a huge offset overflows.
        if (offset < 0 || length <= 0 || offset > size - length) {
            throw new IllegalArgumentException("range " + offset + "+" + length + " is outside the volume ("
                    + size + " bytes)");
        }
    }
}
