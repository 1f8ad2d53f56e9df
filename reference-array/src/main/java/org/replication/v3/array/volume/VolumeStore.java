package org.replication.v3.array.volume;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jboss.logging.Logger;
import org.replication.v3.array.config.ArrayConfig;

/**
 * The volumes of this array and their durable state. Layout under {@code array.data-dir}: {@code volumes/<id>/}
 * holds {@code state.json} (the {@link VolumeState}, replaced atomically), {@code data} (the bytes), {@code changes}
 * (the change log) and, while one is being applied, {@code image} (a staged point-in-time image). A volume exists
 * once its {@code state.json} does; a directory without one is a create that crashed half-way and is removed at
 * start. A delete first renames the directory away (atomic), so a crash never leaves half a volume.
 */
@Singleton
public class VolumeStore {

    /** A volume id names a directory: letters, digits, '-' and '_' only. */
    static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,127}");
    private static final Logger LOG = Logger.getLogger(VolumeStore.class);

    private final int blockSize;
    private final Path root;
    private final Path trash;
    private final ObjectMapper json;
    private final Map<String, Volume> volumes = new ConcurrentHashMap<>();

    public VolumeStore(ArrayConfig config) {
        this.blockSize = config.blockSize();
        this.root = Path.of(config.dataDir()).toAbsolutePath().resolve("volumes");
        this.trash = Path.of(config.dataDir()).toAbsolutePath().resolve("deleting");
        this.json = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
        try {
            Files.createDirectories(root);
            Files.createDirectories(trash);
            load();
        } catch (IOException e) {
            throw new UncheckedIOException("array data directory " + root + " cannot be read", e);
        }
    }

    private void load() throws IOException {
        deleteTree(trash);
        Files.createDirectories(trash);
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.toList()) {
                Path stateFile = dir.resolve("state.json");
                if (!Files.exists(stateFile)) {
                    LOG.warnf("volume directory %s has no state.json (a create cut short): removed", dir);
                    deleteTree(dir);
                    continue;
                }
                VolumeState state = json.readValue(stateFile.toFile(), VolumeState.class);
                Volume volume = new Volume(dir, state, ChangeLog.read(dir.resolve("changes")));
                if (Files.exists(volume.stagedImage())) {
                    // An image was staged but maybe not applied when the process stopped: applying it again is
                    // harmless (same bytes), and the replica is then at the image's point in time, not half of it.
                    applyStaged(volume);
                }
                volumes.put(state.id(), volume);
            }
        }
        LOG.infof("array restored %d volumes from %s", volumes.size(), root);
    }

    /**
     * Applies a point-in-time image to a replica as a whole: staged durably first, then written, then the state
     * records its time, then the staged copy goes. A crash at any step is finished at the next start.
     * Caller holds the volume's lock (or is the start, before anyone else sees the volume).
     */
    void applyImage(Volume volume, byte[] encoded, Image image) throws IOException {
        Durable.replace(volume.stagedImage(), encoded);
        applyStaged(volume, image);
    }

    private void applyStaged(Volume volume) throws IOException {
        applyStaged(volume, Image.decode(Files.readAllBytes(volume.stagedImage())));
    }

    private void applyStaged(Volume volume, Image image) throws IOException {
        BlockFile.writeBlocks(volume.data(), image.blocks(), blockSize);
        save(volume, volume.state.withLastConsistentAt(image.takenAt()));
        Files.delete(volume.stagedImage());
    }

    public Optional<Volume> find(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(volumes.get(id));
    }

    public Volume get(String id) {
        return find(id).orElseThrow(() -> ArrayException.notFound("volume " + id + " is not on this array"));
    }

    public Collection<Volume> all() {
        return List.copyOf(volumes.values());
    }

    /** Creates the volume's files and then its state file; the state file's rename is the commit point. */
    public synchronized Volume create(VolumeState state) throws IOException {
        Volume existing = volumes.get(state.id());
        if (existing != null) {
            return existing;
        }
        Path dir = root.resolve(state.id());
        deleteTree(dir);
        Files.createDirectories(dir);
        Volume volume = new Volume(dir, state, new TreeSet<>());
        BlockFile.ensure(volume.data(), state.sizeBytes());
        Durable.replace(volume.stateFile(), json.writeValueAsBytes(state));
        Durable.syncDirectory(root);
        volumes.put(state.id(), volume);
        return volume;
    }

    /** Writes the volume's new state durably, then makes it the one in memory. Caller holds the volume's lock. */
    public void save(Volume volume, VolumeState state) throws IOException {
        Durable.replace(volume.stateFile(), json.writeValueAsBytes(state));
        volume.state = state;
    }

    public synchronized void delete(Volume volume) throws IOException {
        Path away = trash.resolve(volume.dir.getFileName() + "-" + System.nanoTime());
        Files.move(volume.dir, away, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        Durable.syncDirectory(root);
        volumes.remove(volume.state.id());
        deleteTree(away);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
