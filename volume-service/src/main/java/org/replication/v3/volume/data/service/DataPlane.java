package org.replication.v3.volume.data.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.replication.v3.volume.backend.Backend;
import org.replication.v3.volume.backend.Backends;
import org.replication.v3.volume.driver.filearray.FileArrayDriver;
import org.replication.v3.volume.driver.filearray.FileArrayReplication;
import org.replication.v3.volume.driver.filearray.replication.ArrayDownException;
import org.replication.v3.volume.driver.filearray.replication.ArraySite;
import org.replication.v3.volume.driver.filearray.replication.ReplicaPair;
import org.replication.v3.volume.driver.filearray.replication.Side;
import org.replication.v3.volume.driver.filearray.replication.VolumeFiles;
import org.replication.v3.volume.data.VolumeLocation;

/**
 * Block I/O on the reference driver's volumes, so that tests, drills and benchmarks can put real data in and read
 * it back from either side. A replicated volume's writes go through its pair (mirrored or shipped by its mode); an
 * unreplicated one's straight to its file on the backend's array. Blocking: callers run it on a worker.
 */
@ApplicationScoped
public class DataPlane {

    private final Backends backends;

    public DataPlane(Backends backends) {
        this.backends = backends;
    }

    /** One side of one volume: its file on one array, reached through its pair when it is replicated. */
    public sealed interface Extent {

        Side side();

        long size() throws IOException;

        /** Blocking read of a range {@link DataPlane#reading} accepted. */
        byte[] read(long offset, int length) throws IOException;

        void write(long offset, byte[] data) throws IOException;

        String checksum() throws IOException;

        /** Refuses as a lost array does when the side's array is down. */
        void requireUp() throws ArrayDownException;
    }

    private record PairSide(ReplicaPair pair, Side side) implements Extent {

        @Override
        public long size() {
            return pair.sizeBytes();
        }

        @Override
        public byte[] read(long offset, int length) throws IOException {
            return pair.read(side, offset, length);
        }

        @Override
        public void write(long offset, byte[] data) throws IOException {
            pair.write(side, offset, data);
        }

        @Override
        public String checksum() throws IOException {
            return pair.checksum(side);
        }

        @Override
        public void requireUp() throws ArrayDownException {
            ArraySite site = pair.site(side);
            if (!site.up()) {
                throw new ArrayDownException(site.name());
            }
        }
    }

    /** An unreplicated volume's file; {@code site} is the array when the backend replicates (it can be down). */
    private record PlainFile(Path file, Optional<ArraySite> site) implements Extent {

        @Override
        public Side side() {
            return Side.PRIMARY;
        }

        @Override
        public long size() throws IOException {
            return Files.size(file);
        }

        @Override
        public byte[] read(long offset, int length) throws IOException {
            requireUp();
            return VolumeFiles.read(file, offset, length);
        }

        @Override
        public void write(long offset, byte[] data) throws IOException {
            requireUp();
            VolumeFiles.write(file, offset, data);
        }

        @Override
        public String checksum() throws IOException {
            requireUp();
            return VolumeFiles.sha256(file);
        }

        @Override
        public void requireUp() throws ArrayDownException {
            if (site.isPresent() && !site.get().up()) {
                throw new ArrayDownException(site.get().name());
            }
        }
    }

    public void write(VolumeLocation volume, Side side, long offset, byte[] data) throws IOException {
        Extent extent = extent(volume, side);
        checkRange(extent, offset, data.length);
        extent.write(offset, data);
    }

    /**
     * The side a read of {@code length} bytes at {@code offset} is served from, once the range is inside the volume
     * and the side's array answers, so that a refused read is refused before any byte is sent.
     */
    public Extent reading(VolumeLocation volume, Side side, long offset, long length) throws IOException {
        Extent extent = extent(volume, side);
        checkRange(extent, offset, length);
        extent.requireUp();
        return extent;
    }

    /** The side serving the volume: primary for an unreplicated volume. */
    public Side active(VolumeLocation volume) throws IOException {
        return extent(volume, null).side();
    }

    public String checksum(VolumeLocation volume, Side side) throws IOException {
        return extent(volume, side).checksum();
    }

    /** {@code side} null: the side serving the volume. */
    private Extent extent(VolumeLocation volume, Side side) throws IOException {
        Backend backend = backends.all().stream().filter(b -> b.name().equals(volume.backend())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("backend " + volume.backend() + " is not hosted here"));
        Optional<FileArrayReplication> replication = backend.replication()
                .filter(FileArrayReplication.class::isInstance).map(FileArrayReplication.class::cast);
        Optional<ReplicaPair> pair = replication.flatMap(r -> r.pair(volume.id()));
        if (pair.isPresent()) {
            return new PairSide(pair.get(), side == null ? pair.get().active() : side);
        }
        if (volume.replicated()) {
            // Its file alone may be the side that does not serve it: writing there would bypass replication.
            throw new IOException("volume " + volume.id() + " is replicated but its replication is not restored on"
                    + " this volume-service");
        }
        if (side == Side.SECONDARY) {
            throw new IllegalArgumentException("the volume is not replicated: it has no secondary side");
        }
        if (!(backend.driver() instanceof FileArrayDriver driver)) {
            throw new IllegalArgumentException("backend " + backend.name() + " does not use the " + FileArrayDriver.NAME
                    + " reference driver: the data plane has no access to its volumes");
        }
        Path file = driver.volumeFile(volume.pool(), volume.id());
        if (!Files.exists(file)) {
            throw new IOException("volume " + volume.id() + " has no file on its array");
        }
        return new PlainFile(file, replication.map(FileArrayReplication::primarySite));
    }

    private static void checkRange(Extent extent, long offset, long length) throws IOException {
        long size = extent.size();
        // offset > size - length rather than offset + length > size, which a huge offset overflows.
        if (offset < 0 || length <= 0 || offset > size - length) {
            throw new IllegalArgumentException("range " + offset + "+" + length + " is outside the volume ("
                    + size + " bytes)");
        }
    }
}
