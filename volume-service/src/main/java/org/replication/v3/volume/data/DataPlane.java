package org.replication.v3.volume.data;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.replication.v3.volume.backend.Backend;
import org.replication.v3.volume.backend.Backends;
import org.replication.v3.volume.backend.BackendsConfig;
import org.replication.v3.volume.driver.filearray.FileArrayReplication;
import org.replication.v3.volume.driver.filearray.replication.ReplicaPair;
import org.replication.v3.volume.driver.filearray.replication.Side;
import org.replication.v3.volume.driver.filearray.replication.VolumeFiles;

/**
 * Block I/O on the reference driver's volumes, so that tests, drills and benchmarks can put real data in and read
 * it back from either side. A replicated volume's writes go through its pair (mirrored or shipped by its mode); an
 * unreplicated one's straight to its file. Blocking: callers run it on a worker.
 */
@ApplicationScoped
public class DataPlane {

    private final Backends backends;
    private final Path dataDir;

    public DataPlane(Backends backends, BackendsConfig config) {
        this.backends = backends;
        this.dataDir = Path.of(config.dataDir()).toAbsolutePath();
    }

    public void write(VolumeLocation volume, Side side, long offset, byte[] data) throws IOException {
        Optional<ReplicaPair> pair = pair(volume);
        if (pair.isPresent()) {
            pair.get().write(side == null ? pair.get().active() : side, offset, data);
            return;
        }
        requirePrimary(side);
        Path file = file(volume);
        checkRange(file, offset, data.length);
        VolumeFiles.write(file, offset, data);
    }

    public byte[] read(VolumeLocation volume, Side side, long offset, int length) throws IOException {
        Optional<ReplicaPair> pair = pair(volume);
        if (pair.isPresent()) {
            return pair.get().read(side == null ? pair.get().active() : side, offset, length);
        }
        requirePrimary(side);
        Path file = file(volume);
        checkRange(file, offset, length);
        return VolumeFiles.read(file, offset, length);
    }

    /** The side serving the volume: primary for an unreplicated volume. */
    public Side active(VolumeLocation volume) {
        return pair(volume).map(ReplicaPair::active).orElse(Side.PRIMARY);
    }

    public String checksum(VolumeLocation volume, Side side) throws IOException {
        Optional<ReplicaPair> pair = pair(volume);
        if (pair.isPresent()) {
            return pair.get().checksum(side == null ? pair.get().active() : side);
        }
        requirePrimary(side);
        return VolumeFiles.sha256(file(volume));
    }

    private Optional<ReplicaPair> pair(VolumeLocation volume) {
        return backend(volume).replication()
                .filter(FileArrayReplication.class::isInstance)
                .map(FileArrayReplication.class::cast)
                .flatMap(replication -> replication.pair(volume.id()));
    }

    private Backend backend(VolumeLocation volume) {
        return backends.all().stream().filter(b -> b.name().equals(volume.backend())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("backend " + volume.backend() + " is not hosted here"));
    }

    private Path file(VolumeLocation volume) throws IOException {
        Path file = dataDir.resolve(volume.backend()).resolve(volume.pool()).resolve("volume-" + volume.id());
        if (!Files.exists(file)) {
            throw new IOException("volume " + volume.id() + " has no file on its array");
        }
        return file;
    }

    private static void requirePrimary(Side side) {
        if (side == Side.SECONDARY) {
            throw new IllegalArgumentException("the volume is not replicated: it has no secondary side");
        }
    }

    private static void checkRange(Path file, long offset, int length) throws IOException {
        if (offset < 0 || length <= 0 || offset + length > Files.size(file)) {
            throw new IllegalArgumentException("range " + offset + "+" + length + " is outside the volume ("
                    + Files.size(file) + " bytes)");
        }
    }
}
