package org.replication.v3.volume.driver.filearray;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.replication.v3.volume.backend.BackendsConfig;
import org.replication.v3.volume.driver.BackendStats;
import org.replication.v3.volume.driver.CreatedVolume;
import org.replication.v3.volume.driver.GroupSpec;
import org.replication.v3.volume.driver.ManagedReplica;
import org.replication.v3.volume.driver.ModelUpdate;
import org.replication.v3.volume.driver.ReplicaToManage;
import org.replication.v3.volume.driver.VolumeDriver;
import org.replication.v3.volume.driver.VolumeDriverException;
import org.replication.v3.volume.driver.VolumeSpec;

/**
 * The project's reference and test driver, not a vendor's: a client of one reference array's management API
 * (module {@code reference-array}, one process per site), as a Cinder driver is a client of its array. The array
 * holds each volume's bytes and state; this driver maps Cinder's calls onto it. Pools are labels the array stores
 * with each volume. Capacity is thick and per pool from configuration: a pool's allocated capacity is the sum of its
 * volumes' sizes, read from the array once ({@code /v1/stats}) and then kept up to date here. A generic volume group
 * is a consistency group on the array too (its replicated async members ship one point-in-time image together); the
 * driver reports {@code consistent_group_snapshot_enabled=False} (no group snapshots).
 */
public class FileArrayDriver implements VolumeDriver {

    public static final String NAME = "filearray";
    private static final long GIB = 1L << 30;
    private static final String PREFIX = "volume-";
    private static final Map<String, String> CAPABILITIES = Map.of("consistent_group_snapshot_enabled", "False");
    /** Array calls a batch makes one volume at a time, in flight together (daemon threads: nothing to stop). */
    private static final ExecutorService ARRAY_CALLS = Executors.newFixedThreadPool(8, task -> {
        Thread thread = new Thread(task, "filearray-calls");
        thread.setDaemon(true);
        return thread;
    });

    private final ArrayClient array;
    private final Map<String, BackendsConfig.Pool> pools;
    private final Duration createDelay;
    /** Bytes allocated per pool (thick): read from the array on first use, then kept up to date here. */
    private Map<String, Long> allocation;
    /** The array's name as it reports itself (null until its stats were read). */
    private volatile String reportedName;

    public FileArrayDriver(ArrayClient array, BackendsConfig.Backend config) {
        this.array = array;
        this.pools = config.pools();
        this.createDelay = config.createDelay();
    }

    public ArrayClient array() {
        return array;
    }

    @Override
    public ModelUpdate createVolume(VolumeSpec volume) {
        BackendsConfig.Pool pool = pool(volume.pool());
        long size = volume.sizeGb() * GIB;
        try {
            reserve(volume.pool(), pool, size, volume.sizeGb() + " GiB requested");
        } catch (VolumeDriverException full) {
            // A create repeated after a crash finds its volume made and counted: it takes nothing more.
            if (exists(volume.id(), size)) {
                return new ModelUpdate(providerId(volume));
            }
            throw full;
        }
        try {
            pauseForInjectedDelay();
            if (!array.create(volume.id(), size, volume.pool()).created()) {
                // A create repeated after a crash: the array holds the volume already, counted once.
                release(volume.pool(), size);
            }
            return new ModelUpdate(providerId(volume));
        } catch (IOException | RuntimeException e) {
            release(volume.pool(), size);
            throw failure("creating volume " + volume.id(), e);
        }
    }

    /**
     * One array call for all ({@code POST /v1/volumes:create}, one durable write there), each volume's capacity taken
     * first as {@link #createVolume} takes it and given back when the array refused it or held it already.
     */
    @Override
    public List<CreatedVolume> createVolumes(List<VolumeSpec> volumes) {
        CreatedVolume[] answers = new CreatedVolume[volumes.size()];
        List<Integer> asked = new ArrayList<>();
        List<Integer> full = new ArrayList<>();
        for (int i = 0; i < volumes.size(); i++) {
            VolumeSpec volume = volumes.get(i);
            BackendsConfig.Pool pool;
            try {
                pool = pool(volume.pool());
            } catch (VolumeDriverException e) {
                answers[i] = CreatedVolume.failed(volume.id(), e.getMessage());
                continue;
            }
            try {
                reserve(volume.pool(), pool, volume.sizeGb() * GIB, volume.sizeGb() + " GiB requested");
                asked.add(i);
            } catch (VolumeDriverException e) {
                answers[i] = CreatedVolume.failed(volume.id(), e.getMessage());
                full.add(i);
            }
        }
        madeBefore(volumes, full, answers);
        if (asked.isEmpty()) {
            return List.of(answers);
        }
        List<JsonNode> created;
        try {
            pauseForInjectedDelay();
            created = array.createAll(asked.stream().map(i -> new ArrayClient.NewVolume(volumes.get(i).id(),
                    volumes.get(i).sizeGb() * GIB, volumes.get(i).pool())).toList());
        } catch (IOException | RuntimeException e) {
            asked.forEach(i -> release(volumes.get(i).pool(), volumes.get(i).sizeGb() * GIB));
            throw failure("creating " + asked.size() + " volumes", e);
        }
        for (int n = 0; n < asked.size(); n++) {
            VolumeSpec volume = volumes.get(asked.get(n));
            JsonNode answer = created.size() > n ? created.get(n) : null;
            boolean ok = answer != null && answer.path("ok").asBoolean(false)
                    && answer.path("id").asText().equals(volume.id());
            if (!ok || !answer.path("created").asBoolean(false)) {
                // Refused, or a create repeated after a crash: the array holds the volume already, counted once.
                release(volume.pool(), volume.sizeGb() * GIB);
            }
            answers[asked.get(n)] = ok ? CreatedVolume.ok(volume.id(), new ModelUpdate(providerId(volume)))
                    : CreatedVolume.failed(volume.id(), "array " + array.name() + " failed creating volume "
                            + volume.id() + ": " + (answer == null ? "no answer for it"
                                    : answer.path("error").path("message").asText("refused")));
        }
        return List.of(answers);
    }

    /** A create repeated after a crash finds its volume made and counted: it takes nothing more. */
    private void madeBefore(List<VolumeSpec> volumes, List<Integer> full, CreatedVolume[] answers) {
        if (full.isEmpty()) {
            return;
        }
        try {
            Map<String, Long> sizes = new HashMap<>();
            array.list(full.stream().map(i -> volumes.get(i).id()).toList())
                    .forEach(view -> sizes.put(view.path("id").asText(), view.path("size_bytes").asLong()));
            for (int i : full) {
                VolumeSpec volume = volumes.get(i);
                if (sizes.getOrDefault(volume.id(), -1L) == volume.sizeGb() * GIB) {
                    answers[i] = CreatedVolume.ok(volume.id(), new ModelUpdate(providerId(volume)));
                }
            }
        } catch (IOException e) {
            // Not known to exist: refused as full.
        }
    }

    @Override
    public void deleteVolume(VolumeSpec volume) {
        try {
            JsonNode existing = array.list(List.of(volume.id())).stream().findFirst().orElse(null);
            if (existing == null) {
                return;
            }
            array.delete(volume.id());
            release(existing.path("pool").asText(volume.pool()), existing.path("size_bytes").asLong());
        } catch (IOException e) {
            throw failure("deleting volume " + volume.id(), e);
        }
    }

    @Override
    public void createGroup(GroupSpec group) {
        pool(group.pool());
        try {
            // The array's consistency group: its async members ship one point-in-time image together.
            array.createGroup(group.id());
        } catch (IOException e) {
            throw failure("creating group " + group.id(), e);
        }
    }

    @Override
    public void deleteGroup(GroupSpec group) {
        try {
            array.deleteGroup(group.id());
        } catch (IOException e) {
            throw failure("deleting group " + group.id(), e);
        }
    }

    @Override
    public void extendVolume(VolumeSpec volume, int newSizeGb) {
        BackendsConfig.Pool pool = pool(volume.pool());
        long size = newSizeGb * GIB;
        try {
            JsonNode existing = array.list(List.of(volume.id())).stream().findFirst()
                    .orElseThrow(() -> new VolumeDriverException("volume " + volume.id()
                            + " does not exist on array " + array.name()));
            long current = existing.path("size_bytes").asLong();
            if (current >= size) {
                return;
            }
            reserve(volume.pool(), pool, size - current, (size - current) / GIB + " GiB more requested");
            try {
                array.extend(volume.id(), size);
            } catch (IOException | RuntimeException e) {
                release(volume.pool(), size - current);
                throw e;
            }
        } catch (IOException e) {
            throw failure("extending volume " + volume.id(), e);
        }
    }

    /**
     * One list call on this backend's array for all of them; each is checked against its document, then whatever
     * pair the exporting cloud left on it is ended on this array (forced: its peer, the array failed away from,
     * may not answer, and holds a fenced copy that a later pair overwrites).
     */
    @Override
    public List<ManagedReplica> manageReplicas(List<ReplicaToManage> replicas) {
        Map<String, JsonNode> views = new HashMap<>();
        try {
            array.list(replicas.stream().map(ReplicaToManage::volumeId).toList())
                    .forEach(view -> views.put(view.path("id").asText(), view));
        } catch (IOException e) {
            String reason = "array " + array.name() + " does not answer: " + e.getMessage();
            return replicas.stream().map(r -> ManagedReplica.refused(r.volumeId(), reason)).toList();
        }
        // Each old pair is ended by its own array call (a durable write and a call to the peer): 250 of them one
        // after the other took 3-4 s, so they run side by side, the answers kept in the request's order.
        List<CompletableFuture<ManagedReplica>> answers = replicas.stream().map(replica -> CompletableFuture
                .supplyAsync(() -> manage(replica, views.get(replica.volumeId())), ARRAY_CALLS)).toList();
        return answers.stream().map(CompletableFuture::join).toList();
    }

    private ManagedReplica manage(ReplicaToManage replica, JsonNode view) {
        String refusal = refusal(replica, view);
        if (refusal != null) {
            return ManagedReplica.refused(replica.volumeId(), refusal);
        }
        try {
            if (view.has("pair")) {
                array.unpair(replica.volumeId(), true);
            }
            long size = view.path("size_bytes").asLong();
            return ManagedReplica.ok(replica.volumeId(), replica.pool() + "/" + PREFIX + replica.volumeId(),
                    (int) ((size + GIB - 1) / GIB));
        } catch (IOException e) {
            return ManagedReplica.refused(replica.volumeId(), "array " + array.name() + " did not end the"
                    + " old pair of volume " + replica.volumeId() + ": " + e.getMessage());
        }
    }

    /** Why the replica cannot be managed here, or null. */
    private String refusal(ReplicaToManage replica, JsonNode view) {
        var document = replica.document();
        String id = replica.volumeId();
        String name = arrayName();
        if (document.replica() == null || !name.equals(document.replica().array())) {
            return "the replica of volume " + id + " lives on array " + (document.replica() == null ? "(none)"
                    : document.replica().array()) + ", not on array " + name + " of this backend";
        }
        if (view == null) {
            return "volume " + id + " does not exist on array " + name;
        }
        if (view.has("fence") || !view.path("serving").asBoolean() || !"primary".equals(view.path("role").asText())) {
            return "the replica of volume " + id + " on array " + name + " does not serve there ("
                    + view.path("role").asText() + (view.has("fence") ? ", fenced at generation "
                    + view.path("fence").path("generation").asLong() : "") + "): it is not the failed-over copy";
        }
        long generation = view.path("generation").asLong();
        if (generation != document.replica().generation()) {
            return "the replica on array " + name + " is at generation " + generation + ", not the document's "
                    + document.replica().generation() + ": it has changed hands since the export";
        }
        JsonNode export = view.path("export");
        if (export.isMissingNode() || export.isNull()) {
            return "array " + name + " holds no export of document " + document.documentId();
        }
        if (!export.path("document_id").asText().equals(document.documentId())) {
            return "array " + name + " holds no export of document " + document.documentId() + " (its last export"
                    + " of volume " + id + " is document " + export.path("document_id").asText() + ")";
        }
        if (!export.path("digest").asText().equals(document.digest())) {
            return "the digest of document " + document.documentId() + " differs from the one array " + name
                    + " recorded at its export: the document was altered";
        }
        return null;
    }

    /** The array's own name, as its stats report it (read with the capacity), else the configured one. */
    @Override
    public String arrayName() {
        String reported = reportedName;
        return reported != null ? reported : array.name();
    }

    @Override
    public BackendStats stats() {
        List<BackendStats.PoolStats> stats = new ArrayList<>();
        Map<String, Long> allocated = allocationOrEmpty();
        pools.forEach((name, pool) -> stats.add(new BackendStats.PoolStats(name, pool.capacityGb(),
                (double) allocated.getOrDefault(name, 0L) / GIB, false)));
        return new BackendStats("Replication v3 reference", "2.0.0", "file", stats, CAPABILITIES);
    }

    private boolean exists(String id, long size) {
        try {
            return array.list(List.of(id)).stream().anyMatch(v -> v.path("size_bytes").asLong() == size);
        } catch (IOException e) {
            return false;
        }
    }

    private BackendsConfig.Pool pool(String name) {
        BackendsConfig.Pool pool = pools.get(name);
        if (pool == null) {
            throw new VolumeDriverException("pool " + name + " does not exist on this array");
        }
        return pool;
    }

    private String providerId(VolumeSpec volume) {
        return volume.pool() + "/" + PREFIX + volume.id();
    }

    /** Takes {@code bytes} of the pool's thick capacity, or refuses. */
    private void reserve(String name, BackendsConfig.Pool pool, long bytes, String asked) {
        synchronized (this) {
            Map<String, Long> allocated = allocation();
            long used = allocated.getOrDefault(name, 0L);
            if (used + bytes > pool.capacityGb() * GIB) {
                throw new VolumeDriverException("insufficient free space in pool " + name + ": " + asked + ", "
                        + (pool.capacityGb() * GIB - used) / GIB + " GiB free");
            }
            allocated.put(name, used + bytes);
        }
    }

    private synchronized void release(String name, long bytes) {
        if (allocation != null) {
            allocation.merge(name, -bytes, Long::sum);
        }
    }

    /** The pools' allocation, read from the array the first time it answers. */
    private synchronized Map<String, Long> allocation() {
        if (allocation == null) {
            try {
                Map<String, Long> read = new HashMap<>();
                JsonNode stats = array.stats();
                reportedName = stats.path("array").asText(null);
                stats.path("pools").fields().forEachRemaining(pool -> read.put(pool.getKey(),
                        pool.getValue().path("allocated_bytes").asLong()));
                allocation = read;
            } catch (IOException e) {
                throw failure("reading its capacity", e);
            }
        }
        return allocation;
    }

    /** For reports: an array that does not answer yet shows nothing allocated rather than failing the report. */
    private synchronized Map<String, Long> allocationOrEmpty() {
        try {
            return Map.copyOf(allocation());
        } catch (VolumeDriverException e) {
            return Map.of();
        }
    }

    private VolumeDriverException failure(String what, Exception e) {
        if (e instanceof VolumeDriverException driver) {
            return driver;
        }
        return new VolumeDriverException("array " + array.name() + " failed " + what + ": " + e.getMessage(), e);
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
