package org.replication.v3.volume.driver.filearray;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.replication.v3.volume.backend.BackendsConfig;
import org.replication.v3.volume.driver.BackendStats;
import org.replication.v3.volume.driver.GroupSpec;
import org.replication.v3.volume.driver.ModelUpdate;
import org.replication.v3.volume.driver.VolumeDriver;
import org.replication.v3.volume.driver.VolumeDriverException;
import org.replication.v3.volume.driver.VolumeSpec;

/**
 * The project's reference and test driver, not a vendor's: an array is a directory, each pool a
 * subdirectory, each volume a sparse file of the volume's size. Capacity is thick: a pool's allocated
 * capacity is the sum of its volumes' sizes. A generic volume group is a marker directory in its pool; the driver
 * reports {@code consistent_group_snapshot_enabled=False}: it holds groups but cannot snapshot them consistently.
 */
public class FileArrayDriver implements VolumeDriver {

    public static final String NAME = "filearray";
    private static final long GIB = 1L << 30;
    private static final String PREFIX = "volume-";
    private static final String GROUP_PREFIX = "group-";
    private static final Map<String, String> CAPABILITIES = Map.of("consistent_group_snapshot_enabled", "False");

    private final Path array;
    private final Map<String, BackendsConfig.Pool> pools;
    private final Duration createDelay;
    /** Bytes allocated per pool (thick): read from the array on first use, then kept up to date here. */
    private final Map<String, Long> allocation = new HashMap<>();

    public FileArrayDriver(Path array, BackendsConfig.Backend config) {
        this.array = array;
        this.pools = config.pools();
        this.createDelay = config.createDelay();
        try {
            for (String pool : pools.keySet()) {
                Files.createDirectories(array.resolve(pool));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("array " + array + " cannot be prepared", e);
        }
    }

    @Override
    public ModelUpdate createVolume(VolumeSpec volume) {
        BackendsConfig.Pool pool = pools.get(volume.pool());
        if (pool == null) {
            throw new VolumeDriverException("pool " + volume.pool() + " does not exist on this array");
        }
        Path file = file(volume);
        long size = volume.sizeGb() * GIB;
        try {
            if (Files.exists(file) && Files.size(file) == size) {
                return new ModelUpdate(providerId(volume));
            }
            reserve(volume.pool(), pool, size, volume.sizeGb() + " GiB requested");
            try {
                pauseForInjectedDelay();
                try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
                    raf.setLength(size);
                }
            } catch (IOException | RuntimeException e) {
                release(volume.pool(), size);
                throw e;
            }
            return new ModelUpdate(providerId(volume));
        } catch (IOException e) {
            throw new VolumeDriverException("array I/O failed creating " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void deleteVolume(VolumeSpec volume) {
        try {
            Path file = file(volume);
            long size = Files.exists(file) ? Files.size(file) : 0;
            if (Files.deleteIfExists(file)) {
                release(volume.pool(), size);
            }
        } catch (IOException e) {
            throw new VolumeDriverException("array I/O failed deleting volume " + volume.id() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void createGroup(GroupSpec group) {
        if (!pools.containsKey(group.pool())) {
            throw new VolumeDriverException("pool " + group.pool() + " does not exist on this array");
        }
        try {
            Files.createDirectories(groupDirectory(group));
        } catch (IOException e) {
            throw new VolumeDriverException("array I/O failed creating group " + group.id() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void deleteGroup(GroupSpec group) {
        try {
            Files.deleteIfExists(groupDirectory(group));
        } catch (IOException e) {
            throw new VolumeDriverException("array I/O failed deleting group " + group.id() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void extendVolume(VolumeSpec volume, int newSizeGb) {
        BackendsConfig.Pool pool = pools.get(volume.pool());
        if (pool == null) {
            throw new VolumeDriverException("pool " + volume.pool() + " does not exist on this array");
        }
        Path file = file(volume);
        long size = newSizeGb * GIB;
        try {
            if (!Files.exists(file)) {
                throw new VolumeDriverException("volume " + volume.id() + " does not exist in pool " + volume.pool());
            }
            long current = Files.size(file);
            if (current >= size) {
                return;
            }
            reserve(volume.pool(), pool, size - current, (size - current) / GIB + " GiB more requested");
            try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
                raf.setLength(size);
            } catch (IOException | RuntimeException e) {
                release(volume.pool(), size - current);
                throw e;
            }
        } catch (IOException e) {
            throw new VolumeDriverException("array I/O failed extending " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public BackendStats stats() {
        List<BackendStats.PoolStats> stats = new ArrayList<>();
        pools.forEach((name, pool) -> stats.add(new BackendStats.PoolStats(name, pool.capacityGb(),
                (double) allocated(name) / GIB, false)));
        return new BackendStats("Replication v3 reference", "1.0.0", "file", stats, CAPABILITIES);
    }

    private Path file(VolumeSpec volume) {
        return volumeFile(volume.pool(), volume.id());
    }

    /** Where a volume's bytes are on this array: what the admin data plane reads and writes. */
    public Path volumeFile(String pool, String volumeId) {
        return array.resolve(pool).resolve(PREFIX + volumeId);
    }

    private Path groupDirectory(GroupSpec group) {
        return array.resolve(group.pool()).resolve(GROUP_PREFIX + group.id());
    }

    private String providerId(VolumeSpec volume) {
        return volume.pool() + "/" + PREFIX + volume.id();
    }

    /**
     * Takes {@code bytes} of the pool's thick capacity, or refuses. The pool's total is read from the array once,
     * then kept here: scanning every volume file on each create would cost O(volumes) per create.
     */
    private void reserve(String name, BackendsConfig.Pool pool, long bytes, String asked) {
        synchronized (allocation) {
            long allocated = allocated(name);
            if (allocated + bytes > pool.capacityGb() * GIB) {
                throw new VolumeDriverException("insufficient free space in pool " + name + ": " + asked + ", "
                        + (pool.capacityGb() * GIB - allocated) / GIB + " GiB free");
            }
            allocation.put(name, allocated + bytes);
        }
    }

    private void release(String name, long bytes) {
        synchronized (allocation) {
            allocation.put(name, allocated(name) - bytes);
        }
    }

    private long allocated(String pool) {
        synchronized (allocation) {
            return allocation.computeIfAbsent(pool, name -> allocatedBytes(array.resolve(name)));
        }
    }

    private static long allocatedBytes(Path pool) {
        long total = 0;
        try (DirectoryStream<Path> volumes = Files.newDirectoryStream(pool, PREFIX + "*")) {
            for (Path volume : volumes) {
                total += Files.size(volume);
            }
        } catch (IOException e) {
            throw new VolumeDriverException("array I/O failed reading pool " + pool + ": " + e.getMessage(), e);
        }
        return total;
    }

    private void pauseForInjectedDelay() {
        if (createDelay.isZero()) {
            return;
        }
        try {
            Thread.sleep(createDelay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VolumeDriverException("interrupted during injected delay", e);
        }
    }
}
