package org.replication.v3.array.volume;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jboss.logging.Logger;
import org.replication.v3.array.config.ArrayConfig;
import org.replication.v3.array.peer.PeerClient;
import org.replication.v3.array.peer.PeerFencedException;
import org.replication.v3.array.peer.PeerHealth;
import org.replication.v3.array.peer.PeerUnreachableException;

/**
 * What one array does with its volumes: create, extend and delete them, replicate their writes to a peer array
 * (sync: on both disks before the acknowledgement; async: point-in-time images shipped at half the RPO), and the
 * replication primitives a control plane composes into failover, failback and reprotect: promote (with a higher
 * generation), demote, fence and reprotect.
 *
 * <p>Generations: every promote raises a volume's generation, to this side's parity (the side whose name sorts
 * first in the pair takes odd ones), so two promotes decided apart never tie. An array that learns of a higher
 * generation for a volume it serves (from the caller's fence, from its peer refusing a write or an image, or from
 * the peer probe) is fenced: it refuses writes to that volume until a reprotect from the new primary makes it a
 * secondary again. So two sides never take writes for one volume at once for longer than it takes them to meet.
 *
 * <p>Each operation holds the volume's monitor (writes, role changes and ships of one volume are ordered), except a
 * replica write arriving from the peer, which must not wait on a lock the peer's own writer may hold here. The batch
 * actions (promote, demote, fence of many volumes) take each volume's monitor in turn, never two at once, and make
 * their state changes durable together (one journal record, {@link VolumeStore#journal}).
 */
@Singleton
public class ArrayService {

    /** Blocks per image when copying many (initial copy, resync): about 4 MiB per request at 4 KiB blocks. */
    private static final int BLOCKS_PER_IMAGE = 1024;
    /** How soon a ship that failed is tried again (or half the RPO, when that is shorter). */
    private static final Duration RETRY = Duration.ofSeconds(1);
    private static final Logger LOG = Logger.getLogger(ArrayService.class);

    private final ArrayConfig config;
    private final VolumeStore store;
    private final PeerClient peers;
    private final PeerHealth health;
    private final Groups groups;
    private final int blockSize;
    /** Async groups (per peer) whose members' replicas are at one instant: shipped whole since this start. */
    private final java.util.Set<String> alignedGroups = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** When each async group (per peer) may ship next. */
    private final Map<String, Instant> groupNextShipAt = new java.util.concurrent.ConcurrentHashMap<>();

    public ArrayService(ArrayConfig config, VolumeStore store, PeerClient peers, PeerHealth health, Groups groups) {
        this.config = config;
        this.store = store;
        this.peers = peers;
        this.health = health;
        this.groups = groups;
        this.blockSize = config.blockSize();
    }

    public String name() {
        return config.name();
    }

    // ---- volumes ----

    public record Created(Map<String, Object> volume, boolean created) {
    }

    public Created create(String id, Long sizeBytes, String pool) throws IOException {
        checkCreate(id, sizeBytes, pool);
        var existing = store.find(id);
        if (existing.isPresent()) {
            checkSize(existing.get().state(), sizeBytes);
            return new Created(view(existing.get()), false);
        }
        Volume volume = store.create(new VolumeState(id, sizeBytes, Role.PRIMARY, 1, null, null, null, pool, null, null));
        LOG.infof("volume %s: created on %s, %d bytes, pool '%s'", id, name(), sizeBytes, pool);
        return new Created(view(volume), true);
    }

    private static void checkCreate(String id, Long sizeBytes, String pool) {
        checkId(id);
        if (sizeBytes == null || sizeBytes <= 0) {
            throw ArrayException.badRequest("size_bytes is required: the volume's size in bytes, 1 or more");
        }
        if (pool != null && pool.length() > 255) {
            throw ArrayException.badRequest("pool is a label of at most 255 characters");
        }
    }

    /** A create repeated for a volume there already: the same size is the same volume, another is refused. */
    private void checkSize(VolumeState state, long sizeBytes) {
        if (state.sizeBytes() != sizeBytes) {
            throw ArrayException.conflict("volume " + state.id() + " exists on " + name() + " with "
                    + state.sizeBytes() + " bytes, not " + sizeBytes);
        }
    }

    public void delete(String id) throws IOException {
        checkId(id);
        var found = store.find(id);
        if (found.isEmpty()) {
            return;
        }
        Volume volume = found.get();
        synchronized (volume) {
            if (!store.holds(volume)) {
                // Deleted by a call that raced this one (a repeat of the same delete): the same outcome.
                return;
            }
            if (volume.state.pair() != null) {
                throw ArrayException.conflict("volume " + id + " is paired with " + volume.state.pair().peer()
                        + "; delete its pair first");
            }
            store.delete(volume);
        }
        groups.forget(id);
        LOG.infof("volume %s: deleted from %s", id, name());
    }

    public Map<String, Object> extend(String id, Long sizeBytes) throws IOException {
        if (sizeBytes == null || sizeBytes <= 0) {
            throw ArrayException.badRequest("size_bytes is required: the new size in bytes");
        }
        Volume volume = store.get(id);
        synchronized (volume) {
            VolumeState state = volume.state;
            if (sizeBytes < state.sizeBytes()) {
                throw ArrayException.badRequest("volume " + id + " has " + state.sizeBytes() + " bytes; a volume"
                        + " only grows, not to " + sizeBytes);
            }
            if (sizeBytes == state.sizeBytes()) {
                return view(volume);
            }
            Pair pair = state.pair();
            if (pair != null) {
                checkServing(volume);
                if (state.role() != Role.PRIMARY) {
                    throw ArrayException.conflict("volume " + id + " is the secondary here; extend it on its"
                            + " primary, " + pair.peer());
                }
                if (!pair.peerLost()) {
                    try {
                        peers.extendReplica(pair.peer(), id, state.generation(), sizeBytes);
                    } catch (PeerUnreachableException e) {
                        throw ArrayException.peerUnreachable("volume " + id + " was not extended: " + e.getMessage());
                    } catch (PeerFencedException e) {
                        throw fencedBy(volume, e.generation(), pair.peer());
                    }
                }
            }
            BlockFile.ensure(volume.data(), sizeBytes);
            store.save(volume, state.withSize(sizeBytes));
        }
        return view(volume);
    }

    /** The volumes by id; only those named in {@code ids} (when given), only paired ones when {@code paired}. */
    public List<Map<String, Object>> list(java.util.Set<String> ids, boolean paired) {
        return store.all().stream().filter(v -> ids == null || ids.contains(v.state().id()))
                .filter(v -> !paired || v.state().pair() != null)
                .sorted((a, b) -> a.state().id().compareTo(b.state().id())).map(this::view).toList();
    }

    /** What is allocated on this array, in all and per pool label (volumes without one under ""). */
    public Map<String, Object> stats() {
        long allocated = 0;
        int count = 0;
        Map<String, long[]> pools = new TreeMap<>();
        for (Volume volume : store.all()) {
            VolumeState state = volume.state();
            allocated += state.sizeBytes();
            count++;
            long[] pool = pools.computeIfAbsent(Objects.requireNonNullElse(state.pool(), ""), p -> new long[2]);
            pool[0] += state.sizeBytes();
            pool[1]++;
        }
        Map<String, Object> perPool = new TreeMap<>();
        pools.forEach((pool, sums) -> perPool.put(pool, ordered("allocated_bytes", sums[0], "volumes", sums[1])));
        return ordered("array", name(), "allocated_bytes", allocated, "volumes", count, "pools", perPool);
    }

    public Map<String, Object> get(String id) {
        return view(store.get(id));
    }

    // ---- data path ----

    /** Writes bytes to a volume this array serves; returns once replication has acknowledged them. */
    public void write(String id, long offset, byte[] bytes) throws IOException {
        Volume volume = store.get(id);
        synchronized (volume) {
            awaitCommitted(volume);
            VolumeState state = volume.state;
            checkRange(state, offset, bytes.length);
            checkServing(volume);
            Pair pair = state.pair();
            List<Long> blocks = blocks(offset, bytes.length);
            if (pair == null) {
                BlockFile.write(volume.data(), offset, bytes);
                return;
            }
            if (pair.mode() == Mode.ASYNC || pair.peerLost()) {
                // Logged before the write lands, so the blocks the peer lacks are never fewer than the log says.
                markChanged(volume, blocks);
                BlockFile.write(volume.data(), offset, bytes);
                return;
            }
            BlockFile.write(volume.data(), offset, bytes);
            try {
                if (!volume.changed.isEmpty()) {
                    // Earlier writes that reached only this side (the peer was unreachable): the peer gets them
                    // first, so the sides converge as soon as the link is back.
                    shipBlocks(volume, pair.peer(), state.generation(), volume.changed);
                    volume.changed.clear();
                    ChangeLog.reset(volume.changeLog(), List.of());
                }
                peers.writeReplica(pair.peer(), id, state.generation(), offset, bytes);
            } catch (PeerUnreachableException e) {
                markChanged(volume, blocks);
                if (pair.mediator() && heldUntilGoingAlone(volume, state.generation())) {
                    // The mediator promoted this side with the peer lost while the write waited: the block is in
                    // the change log for the peer, and this side now acknowledges alone.
                    return;
                }
                throw ArrayException.peerUnreachable("volume " + id + ": the write is on " + name() + "'s disk only ("
                        + e.getMessage() + "), so it is not acknowledged. A sync pair acknowledges a write once"
                        + " both arrays have it; " + name() + " goes on alone only once a failover or the mediator"
                        + " has declared " + pair.peer() + " lost"
                        + (pair.mediator() ? " (held " + config.syncHold().toMillis() + " ms for the mediator)" : ""));
            } catch (PeerFencedException e) {
                markChanged(volume, blocks);
                throw fencedBy(volume, e.generation(), pair.peer());
            }
        }
    }

    /**
     * Sync hold: waits (releasing the volume's monitor) up to {@code array.sync-hold} for a promote of this side
     * that declares the peer lost. True when one came; false when the hold ran out. A fence meanwhile refuses.
     */
    private boolean heldUntilGoingAlone(Volume volume, long generation) {
        long deadline = System.nanoTime() + config.syncHold().toNanos();
        while (true) {
            VolumeState now = volume.state;
            checkServing(volume);
            if (now.generation() > generation && now.pair() != null && now.pair().peerLost() && !volume.committing) {
                return true;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            try {
                volume.wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    /** Waits while a batch's state change of the volume is in memory only. Caller holds the volume's lock. */
    private static void awaitCommitted(Volume volume) throws IOException {
        while (volume.committing) {
            try {
                volume.wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while the volume's state was committed");
            }
        }
    }

    /** A range to read, checked: the file and where. Reads need no lock (a disk gives no more). */
    public record Range(Path file, long offset, long length) {
    }

    public Range reading(String id, long offset, long length) {
        Volume volume = store.get(id);
        checkRange(volume.state(), offset, length);
        return new Range(volume.data(), offset, length);
    }

    public static byte[] read(Range range, long position, int length) throws IOException {
        return BlockFile.read(range.file(), position, length);
    }

    public Map<String, Object> checksum(String id) throws IOException {
        Volume volume = store.get(id);
        VolumeState state = volume.state();
        return ordered("volume_id", id, "array", name(), "role", state.role(), "generation", state.generation(),
                "sha256", BlockFile.sha256(volume.data(), state.sizeBytes()));
    }

    // ---- pairs ----

    public Map<String, Object> createPair(String id, String peer, Mode mode, Integer rpoSeconds, Topology topology,
            boolean mediator) throws IOException {
        Pair wanted = wantedPair(peer, mode, rpoSeconds, topology, mediator);
        Volume volume = store.get(id);
        synchronized (volume) {
            VolumeState state = volume.state;
            if (pairedAlready(volume, wanted)) {
                return view(volume);
            }
            Map<String, Object> replica = ordered("size_bytes", state.sizeBytes(), "generation", state.generation(),
                    "pair", wanted.seenFrom(name()));
            List<Long> data = BlockFile.dataBlocks(volume.data(), state.sizeBytes(), blockSize);
            try {
                peers.createReplica(peer, id, replica);
                shipBlocks(volume, peer, state.generation(), data);
            } catch (PeerUnreachableException e) {
                throw ArrayException.peerUnreachable("the pair of volume " + id + " was not created: "
                        + e.getMessage());
            } catch (PeerFencedException e) {
                throw ArrayException.conflict("the pair of volume " + id + " was not created: " + e.getMessage());
            }
            volume.changed.clear();
            ChangeLog.reset(volume.changeLog(), List.of());
            store.save(volume, state.withPair(wanted).withLastConsistentAt(Instant.now()));
            afterPaired(volume, wanted);
            LOG.infof("volume %s: paired with %s (%s), %d blocks copied", id, peer, describe(wanted), data.size());
        }
        return view(volume);
    }

    /** The pair a create-pair call asks for, checked. */
    private Pair wantedPair(String peer, Mode mode, Integer rpoSeconds, Topology topology, boolean mediator) {
        if (peer == null || !peers.names().contains(peer)) {
            throw ArrayException.badRequest("peer must be one of the arrays " + name() + " knows ("
                    + String.join(", ", new TreeSet<>(peers.names())) + "), not " + peer);
        }
        if (mode == null) {
            throw ArrayException.badRequest("mode is required: sync or async");
        }
        if (mode == Mode.ASYNC) {
            if (rpoSeconds == null || rpoSeconds < 1) {
                throw ArrayException.badRequest("an async pair needs rpo_seconds, 1 or more");
            }
            if (topology != null) {
                throw ArrayException.badRequest("topology is for sync pairs; an async pair is active/passive");
            }
        } else if (rpoSeconds != null) {
            throw ArrayException.badRequest("rpo_seconds is for async pairs; a sync pair loses no acknowledged"
                    + " write");
        }
        return new Pair(peer, mode, rpoSeconds, mode == Mode.SYNC
                ? Objects.requireNonNullElse(topology, Topology.ACTIVE_PASSIVE) : null, false, mediator);
    }

    /**
     * True when the volume has this pair already (a repeated call); refuses one paired otherwise, not serving here
     * or a secondary. Caller holds the volume's lock.
     */
    private boolean pairedAlready(Volume volume, Pair wanted) {
        VolumeState state = volume.state;
        if (state.pair() != null) {
            Pair had = state.pair().withPeerLost(false);
            if (had.equals(wanted)) {
                return true;
            }
            throw ArrayException.conflict("volume " + state.id() + " is already paired: " + describe(state.pair())
                    + "; delete that pair first");
        }
        checkServing(volume);
        if (state.role() != Role.PRIMARY) {
            throw ArrayException.conflict("volume " + state.id() + " is a secondary here; create its pair on its"
                    + " primary");
        }
        return false;
    }

    /** Caller holds the volume's lock, once the pair is recorded. */
    private static void afterPaired(Volume volume, Pair pair) {
        if (pair.rpoSeconds() != null) {
            // The initial copy is the first image: the next one is due half an RPO later.
            volume.nextShipAt = Instant.now().plusMillis(pair.rpoSeconds() * 500L);
        }
    }

    /** One volume of a batch create. */
    public record CreateRequest(String id, Long sizeBytes, String pool) {
    }

    /**
     * Creates many volumes with one durable write for all ({@link VolumeStore#createAll}). A volume there already
     * with the same size is answered as it is (a repeated call), with another size it is an error; each entry has
     * {@code created}: whether this call made it.
     */
    public List<Outcome> createAll(List<CreateRequest> requests) throws IOException {
        List<Outcome> outcomes = new ArrayList<>();
        List<VolumeState> fresh = new ArrayList<>();
        List<Outcome> freshOutcomes = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (CreateRequest request : requests) {
            Outcome outcome = new Outcome(request.id());
            outcomes.add(outcome);
            outcome.extra.put("created", false);
            try {
                checkCreate(request.id(), request.sizeBytes(), request.pool());
                if (!seen.add(request.id())) {
                    throw ArrayException.badRequest("volume " + request.id() + " is in the batch twice");
                }
                var existing = store.find(request.id());
                if (existing.isPresent()) {
                    outcome.volume = existing.get();
                    checkSize(existing.get().state(), request.sizeBytes());
                    continue;
                }
                fresh.add(new VolumeState(request.id(), request.sizeBytes(), Role.PRIMARY, 1, null, null, null,
                        request.pool(), null, null));
                freshOutcomes.add(outcome);
            } catch (ArrayException e) {
                outcome.error = e;
            }
        }
        List<Volume> made = store.createAll(fresh);
        for (int i = 0, m = 0; i < fresh.size(); i++) {
            Outcome outcome = freshOutcomes.get(i);
            if (m < made.size() && made.get(m).state() == fresh.get(i)) {
                outcome.volume = made.get(m++);
                outcome.changed = true;
                outcome.extra.put("created", true);
            } else {
                // Created by a concurrent call meanwhile: answered as a repeated create.
                outcome.volume = store.find(outcome.id).orElse(null);
                try {
                    checkSize(store.get(outcome.id).state(), fresh.get(i).sizeBytes());
                } catch (ArrayException e) {
                    outcome.error = e;
                }
            }
        }
        if (!made.isEmpty()) {
            LOG.infof("%d volumes created on %s in one batch", made.size(), name());
        }
        return outcomes;
    }

    /** One volume of a batch pair: the pair it gets, as {@link #createPair} takes it. */
    public record PairRequest(String id, String peer, Mode mode, Integer rpoSeconds, Topology topology,
            boolean mediator) {
    }

    /**
     * Pairs many volumes, on their primary: each peer creates its replicas in one call (one journal record there),
     * every volume's data blocks are copied (none for a new volume), and the pairs are recorded in one journal record
     * here. A volume paired already with the same pair is answered as it is.
     */
    public List<Outcome> pairAll(List<PairRequest> requests) throws IOException {
        List<Outcome> outcomes = new ArrayList<>();
        Map<String, List<Pairing>> byPeer = new LinkedHashMap<>();
        for (PairRequest request : requests) {
            Outcome outcome = new Outcome(request.id());
            outcomes.add(outcome);
            try {
                Pair wanted = wantedPair(request.peer(), request.mode(), request.rpoSeconds(), request.topology(),
                        request.mediator());
                Volume volume = store.get(request.id());
                outcome.volume = volume;
                synchronized (volume) {
                    if (!pairedAlready(volume, wanted)) {
                        byPeer.computeIfAbsent(wanted.peer(), p -> new ArrayList<>()).add(new Pairing(outcome,
                                volume, volume.state, wanted));
                    }
                }
            } catch (ArrayException e) {
                outcome.error = e;
            }
        }
        for (Map.Entry<String, List<Pairing>> peer : byPeer.entrySet()) {
            List<Pairing> all = peer.getValue();
            for (int from = 0; from < all.size(); from += PEER_BATCH) {
                pairPart(peer.getKey(), all.subList(from, Math.min(all.size(), from + PEER_BATCH)));
            }
        }
        return outcomes;
    }

    /** A volume of a batch pair, checked, waiting for its peer's replica. */
    private record Pairing(Outcome outcome, Volume volume, VolumeState before, Pair wanted) {
    }

    private void pairPart(String peer, List<Pairing> part) throws IOException {
        List<Map<String, Object>> body = part.stream().map(p -> ordered("id", p.before().id(), "size_bytes",
                p.before().sizeBytes(), "generation", p.before().generation(), "pair", p.wanted().seenFrom(name())))
                .toList();
        JsonNode entries;
        try {
            entries = peers.createReplicas(peer, body);
        } catch (PeerUnreachableException e) {
            part.forEach(p -> p.outcome().error = ArrayException.peerUnreachable("the pair of volume "
                    + p.before().id() + " was not created: " + e.getMessage()));
            return;
        } catch (PeerFencedException | ArrayException e) {
            part.forEach(p -> p.outcome().error = ArrayException.conflict("the pair of volume " + p.before().id()
                    + " was not created: " + e.getMessage()));
            return;
        }
        Batch batch = new Batch();
        int copied = 0;
        try {
            for (int i = 0; i < part.size(); i++) {
                Pairing pairing = part.get(i);
                JsonNode entry = entries.path(i);
                if (!entry.path("ok").asBoolean(false) || !entry.path("id").asText().equals(pairing.before().id())) {
                    pairing.outcome().error = ArrayException.conflict("the pair of volume " + pairing.before().id()
                            + " was not created: peer array " + peer + ": "
                            + entry.path("error").path("message").asText("no answer for this volume"));
                    continue;
                }
                Volume volume = pairing.volume();
                synchronized (volume) {
                    try {
                        if (volume.state != pairing.before()) {
                            throw ArrayException.conflict("volume " + pairing.before().id() + " changed while its"
                                    + " pair was being created; repeat the call");
                        }
                        VolumeState state = volume.state;
                        List<Long> data = BlockFile.dataBlocks(volume.data(), state.sizeBytes(), blockSize);
                        shipBlocks(volume, peer, state.generation(), data);
                        copied += data.size();
                        volume.changed.clear();
                        ChangeLog.reset(volume.changeLog(), List.of());
                        batch.change(volume, state.withPair(pairing.wanted()).withLastConsistentAt(Instant.now()));
                        afterPaired(volume, pairing.wanted());
                        pairing.outcome().changed = true;
                    } catch (PeerUnreachableException e) {
                        pairing.outcome().error = ArrayException.peerUnreachable("the pair of volume "
                                + pairing.before().id() + " was not created: " + e.getMessage());
                    } catch (PeerFencedException e) {
                        pairing.outcome().error = ArrayException.conflict("the pair of volume "
                                + pairing.before().id() + " was not created: " + e.getMessage());
                    } catch (ArrayException e) {
                        pairing.outcome().error = e;
                    }
                }
            }
        } finally {
            batch.commit();
        }
        if (batch.size() > 0) {
            LOG.infof("%d volumes paired with %s in one batch, %d blocks copied", batch.size(), peer, copied);
        }
    }

    public void deletePair(String id, boolean force) throws IOException {
        Volume volume = store.get(id);
        synchronized (volume) {
            VolumeState state = volume.state;
            Pair pair = state.pair();
            if (pair == null) {
                return;
            }
            try {
                peers.removePair(pair.peer(), id, state.generation());
            } catch (PeerUnreachableException e) {
                if (!force) {
                    throw ArrayException.peerUnreachable("the pair of volume " + id + " was not deleted: "
                            + e.getMessage() + "; repeat with force=true to delete it on " + name() + " only");
                }
            } catch (PeerFencedException e) {
                if (!force) {
                    throw ArrayException.conflict("the pair of volume " + id + " was not deleted: " + e.getMessage());
                }
            }
            volume.changed.clear();
            ChangeLog.reset(volume.changeLog(), List.of());
            clearRejoin(volume);
            store.save(volume, state.withPair(null));
            LOG.infof("volume %s: pair with %s deleted", id, pair.peer());
        }
    }

    // ---- replication primitives ----

    // ---- batch actions: one call, many volumes, one answer entry per volume ----

    /** One volume of a batch promote: its id and, optionally, the generation the caller wants. */
    public record PromoteRequest(String id, Long generation) {
    }

    /** One volume of a batch fence: its id and the generation that owns it now. */
    public record FenceRequest(String id, Long generation) {
    }

    /** How one volume of a batch fared: the volume as it is now (when it exists), or why it failed. */
    public static final class Outcome {
        final String id;
        Volume volume;
        ArrayException error;
        boolean changed;
        boolean planned;
        boolean reached;
        Map<String, Object> atRisk;
        /** Keys of this action's own, after the common ones (reprotect: copied_blocks; join: changed_blocks). */
        final Map<String, Object> extra = new LinkedHashMap<>();

        Outcome(String id) {
            this.id = id;
        }
    }

    /** A promote checked and its generation chosen, waiting for the peer's answer. */
    private record Prepared(Outcome outcome, Volume volume, VolumeState before, long generation) {
    }

    /** What the peer answered for one volume it was told about. */
    private record PeerAnswer(boolean reached, boolean inSync, ArrayException refusal) {
    }

    /** The most volumes told to a peer in one call. */
    private static final int PEER_BATCH = 1000;

    /**
     * Makes this side the primary of each volume at a higher generation (the caller's, or the smallest one of this
     * side's parity above every generation it knows). The peers are told in one call per peer: each fenced, or,
     * when it was demoted and in sync, just moved to the new generation; when a peer cannot be reached it is taken
     * as lost: this side goes on alone and logs what the peer lacks. {@code peerLost}: the caller declares the
     * peer lost (the mediator's "go on alone", an operator's force): the peer is not called at all, and a side
     * that is already primary takes a new generation too, so sync writes stop waiting for the peer.
     *
     * <p>No lock is held while the peers are called: each volume is checked under its lock first, then changed
     * under its lock only if nobody changed its role, generation or fence meanwhile.
     */
    public List<Outcome> promoteAll(List<PromoteRequest> requests, String by, boolean peerLost, String decisionId)
            throws IOException {
        List<Outcome> outcomes = new ArrayList<>();
        List<Prepared> prepared = new ArrayList<>();
        for (PromoteRequest request : requests) {
            Outcome outcome = new Outcome(request.id());
            outcomes.add(outcome);
            try {
                Volume volume = store.get(request.id());
                outcome.volume = volume;
                synchronized (volume) {
                    VolumeState state = volume.state;
                    Pair pair = state.pair();
                    if (pair == null) {
                        throw ArrayException.conflict("volume " + request.id() + " has no pair; promote is a"
                                + " replication primitive");
                    }
                    Long requested = request.generation();
                    boolean same = requested == null || requested == state.generation();
                    if (state.role() == Role.PRIMARY && state.fence() == null && same
                            && (!peerLost || pair.peerLost())) {
                        outcome.planned = !pair.peerLost();
                        continue;
                    }
                    prepared.add(new Prepared(outcome, volume, state, nextGeneration(state, requested)));
                }
            } catch (ArrayException e) {
                outcome.error = e;
            }
        }
        Map<Prepared, PeerAnswer> answers = peerLost ? Map.of() : tellPeers(prepared);
        Batch batch = new Batch();
        int planned = 0;
        int reached = 0;
        try {
            for (Prepared p : prepared) {
                Outcome outcome = p.outcome();
                Volume volume = p.volume();
                synchronized (volume) {
                    VolumeState state = volume.state;
                    PeerAnswer answer = answers.getOrDefault(p, new PeerAnswer(false, false, null));
                    if (state.role() != p.before().role() || state.generation() != p.before().generation()
                            || !Objects.equals(state.fence(), p.before().fence())) {
                        outcome.error = ArrayException.conflict("volume " + state.id() + " changed on " + name()
                                + " while it was being promoted (now " + state.role().name().toLowerCase()
                                + " at generation " + state.generation() + "); nothing was promoted, repeat if"
                                + " wanted");
                        continue;
                    }
                    if (answer.refusal() != null) {
                        outcome.error = answer.refusal();
                        continue;
                    }
                    boolean inSync = answer.inSync() && !peerLost;
                    batch.change(volume, state.withRole(Role.PRIMARY).withGeneration(p.generation()).withFence(null)
                            .withPair(state.pair().withPeerLost(!inSync)).withPromotedBy(by));
                    outcome.changed = true;
                    outcome.planned = inSync;
                    outcome.reached = answer.reached();
                    planned += inSync ? 1 : 0;
                    reached += answer.reached() ? 1 : 0;
                    if (!inSync && state.pair().mode() == Mode.ASYNC && p.before().role() == Role.SECONDARY) {
                        outcome.atRisk = atRisk(volume, p.before());
                    }
                    LOG.debugf("volume %s: promoted on %s to generation %d by %s", state.id(), name(),
                            p.generation(), by);
                }
            }
        } finally {
            batch.commit();
        }
        if (!prepared.isEmpty()) {
            LOG.infof("%d volumes promoted on %s by %s%s: %d planned (peer in sync), %d with the peer fenced, %d %s",
                    batch.size(), name(), by, decisionId == null ? "" : " (decision " + decisionId + ")", planned,
                    reached - planned, batch.size() - reached, peerLost ? "with the peer declared lost"
                            : "with the peer unreachable (taken as lost)");
        }
        return outcomes;
    }

    /**
     * State changes of many volumes made durable together: each is made in memory under the volume's lock (the
     * volume marked committing, so its data path waits), then one journal record is forced for all, then the
     * waiting writers go on. If the journal cannot be written, every change is undone and the batch fails.
     */
    private final class Batch {
        private final List<VolumeStore.Journaled> changes = new ArrayList<>();
        private final List<VolumeState> before = new ArrayList<>();

        /** Caller holds the volume's lock. */
        void change(Volume volume, VolumeState next) {
            before.add(volume.state);
            volume.state = next;
            volume.committing = true;
            changes.add(new VolumeStore.Journaled(volume, next, store.reserve(volume)));
        }

        int size() {
            return changes.size();
        }

        void commit() throws IOException {
            IOException failed = null;
            try {
                store.journal(changes);
            } catch (IOException e) {
                failed = e;
            }
            for (int i = 0; i < changes.size(); i++) {
                Volume volume = changes.get(i).volume();
                synchronized (volume) {
                    if (failed != null && volume.state == changes.get(i).state()) {
                        volume.state = before.get(i);
                    }
                    volume.committing = false;
                    // Writers wait for the record (and a sync write held for the mediator may go on now).
                    volume.notifyAll();
                }
            }
            if (failed != null) {
                throw failed;
            }
        }
    }

    /** Tells each peer, one call per peer and at most {@link #PEER_BATCH} volumes, the new generations. */
    private Map<Prepared, PeerAnswer> tellPeers(List<Prepared> prepared) {
        Map<String, List<Prepared>> byPeer = new TreeMap<>();
        for (Prepared p : prepared) {
            byPeer.computeIfAbsent(p.before().pair().peer(), k -> new ArrayList<>()).add(p);
        }
        Map<Prepared, PeerAnswer> answers = new java.util.IdentityHashMap<>();
        byPeer.forEach((peer, all) -> {
            for (int start = 0; start < all.size(); start += PEER_BATCH) {
                List<Prepared> part = all.subList(start, Math.min(all.size(), start + PEER_BATCH));
                List<Map<String, Object>> body = part.stream().map(p -> ordered("id", p.before().id(),
                        "generation", (Object) p.generation())).toList();
                try {
                    JsonNode entries = peers.fenceAll(peer, body);
                    for (int i = 0; i < part.size(); i++) {
                        answers.put(part.get(i), peerAnswer(part.get(i), peer, entries.path(i)));
                    }
                } catch (PeerUnreachableException e) {
                    LOG.warnf("%d volumes: promote with %s unreachable (%s): taken as lost", part.size(), peer,
                            e.getMessage());
                    part.forEach(p -> answers.put(p, new PeerAnswer(false, false, null)));
                } catch (PeerFencedException | ArrayException e) {
                    ArrayException refusal = ArrayException.conflict("not promoted: " + e.getMessage());
                    part.forEach(p -> answers.put(p, new PeerAnswer(true, false, refusal)));
                }
            }
        });
        return answers;
    }

    private PeerAnswer peerAnswer(Prepared p, String peer, JsonNode entry) {
        String id = p.before().id();
        if (entry.path("ok").asBoolean(false)) {
            // The peer moved to the generation without a fence: it was a demoted, in-sync secondary.
            boolean inSync = entry.path("fence").isNull() || entry.path("fence").isMissingNode();
            return new PeerAnswer(true, inSync && entry.path("generation").asLong() == p.generation(), null);
        }
        JsonNode error = entry.path("error");
        String message = error.path("message").asText("no answer for this volume");
        if (error.path("kind").asText().equals("fenced")) {
            long theirs = entry.path("generation").asLong();
            return new PeerAnswer(true, false, ArrayException.conflict("volume " + id + " was not promoted: peer"
                    + " array " + peer + " holds it at generation " + theirs + " (" + message + "); promote with a"
                    + " generation above " + theirs));
        }
        return new PeerAnswer(true, false, ArrayException.conflict("volume " + id + " was not promoted: peer array "
                + peer + " refused: " + message));
    }

    /**
     * The smallest generation of this side's parity above every generation it knows, or the caller's, checked.
     * Parity: of a pair, the array whose name sorts first promotes to odd generations, the other to even ones, so
     * two promotes decided apart (e.g. on both sides of a partition) never end at the same generation.
     */
    private long nextGeneration(VolumeState state, Long requested) {
        long known = Math.max(state.generation(), state.fence() == null ? 0 : state.fence().generation());
        long parity = name().compareTo(state.pair().peer()) < 0 ? 1 : 0;
        if (requested == null) {
            long next = known + 1;
            return next % 2 == parity ? next : next + 1;
        }
        if (requested <= known) {
            throw ArrayException.conflict("volume " + state.id() + " is at generation " + known + " on " + name()
                    + "; a promote needs a higher one, not " + requested);
        }
        if (requested % 2 != parity) {
            throw ArrayException.badRequest("volume " + state.id() + ": " + name() + " promotes to "
                    + (parity == 1 ? "odd" : "even") + " generations in its pair with " + state.pair().peer()
                    + " (so the two sides never tie), not to " + requested);
        }
        return requested;
    }

    /** What a secondary promoted without its primary may lack: from the primary's last pending report. */
    private Map<String, Object> atRisk(Volume volume, VolumeState before) {
        PendingReport report = volume.lastReport;
        Instant consistentAt = before.lastConsistentAt();
        Map<String, Object> atRisk = ordered("consistent_at", consistentAt == null ? null : consistentAt.toString(),
                "at_risk_bytes", null, "at_risk_blocks", null, "at_risk_as_of", null, "lag_at_loss_seconds", null);
        if (report != null) {
            atRisk.put("at_risk_bytes", report.count() * blockSize);
            atRisk.put("at_risk_blocks", report.count());
            atRisk.put("at_risk_as_of", report.asOf().toString());
            if (consistentAt != null) {
                atRisk.put("lag_at_loss_seconds",
                        Math.max(0, Duration.between(consistentAt, report.asOf()).toMillis()) / 1000.0);
            }
        }
        return atRisk;
    }

    /** The single-volume promote: the batch of one, answered as before (with the data at risk when known). */
    public Map<String, Object> promote(String id, Long requested, String by, boolean peerLost) throws IOException {
        Outcome outcome = promoteAll(List.of(new PromoteRequest(id, requested)), by, peerLost, null).get(0);
        if (outcome.error != null) {
            throw outcome.error;
        }
        Map<String, Object> answer = ordered("volume", view(outcome.volume), "planned", outcome.planned);
        if (outcome.changed) {
            answer.put("peer_reached", outcome.reached);
        }
        answer.put("changed", outcome.changed);
        if (outcome.atRisk != null) {
            outcome.atRisk.forEach((key, value) -> {
                if (value != null) {
                    answer.put(key, value);
                }
            });
        } else if (outcome.changed && !outcome.planned && outcome.volume.state().pair().mode() == Mode.ASYNC
                && outcome.volume.state().lastConsistentAt() != null) {
            // What the caller may have lost: every write the old primary made after this point in time.
            answer.put("consistent_at", outcome.volume.state().lastConsistentAt().toString());
        }
        return answer;
    }

    /**
     * Demotes each volume (each one ships only what its peer lacks; an in-sync one ships nothing): the state
     * changes are one journal record.
     */
    public List<Outcome> demoteAll(List<String> ids) throws IOException {
        List<Outcome> outcomes = new ArrayList<>();
        Batch batch = new Batch();
        try {
            for (String id : ids) {
                Outcome outcome = new Outcome(id);
                outcomes.add(outcome);
                try {
                    Volume volume = store.get(id);
                    outcome.volume = volume;
                    synchronized (volume) {
                        VolumeState next = demoted(volume);
                        if (next != null) {
                            batch.change(volume, next);
                            outcome.changed = true;
                        }
                    }
                } catch (ArrayException e) {
                    outcome.error = e;
                }
            }
        } finally {
            batch.commit();
        }
        if (batch.size() > 0) {
            LOG.infof("%d volumes demoted on %s", batch.size(), name());
        }
        return outcomes;
    }

    /** Fences each volume (a demoted, in-sync secondary just moves to the generation): one journal record. */
    public List<Outcome> fenceAll(List<FenceRequest> requests, String by) throws IOException {
        List<Outcome> outcomes = new ArrayList<>();
        Batch batch = new Batch();
        try {
            for (FenceRequest request : requests) {
                Outcome outcome = new Outcome(request.id());
                outcomes.add(outcome);
                try {
                    Volume volume = store.get(request.id());
                    outcome.volume = volume;
                    synchronized (volume) {
                        VolumeState next = fenced(volume, request.generation(), by);
                        if (next != null) {
                            batch.change(volume, next);
                            outcome.changed = true;
                        }
                    }
                } catch (ArrayException e) {
                    outcome.error = e;
                }
            }
        } finally {
            batch.commit();
        }
        if (batch.size() > 0) {
            LOG.warnf("%d volumes fenced (or moved, in sync) on %s by %s", batch.size(), name(), by);
        }
        return outcomes;
    }

    /** One volume of a batch export: the document written for it in the exporting cloud, and its digest. */
    public record ExportRequest(String id, String documentId, String digest) {
    }

    /**
     * Records a cross-cloud export on each volume (its document id and digest): one journal record for the batch.
     * Idempotent: the same document again changes nothing (its first recorded_at stays); a newer export of the
     * volume replaces the marker. The volume's role, generation and fence are untouched: whether the copy may be
     * imported is the importing cloud's check, against this marker and the generation.
     */
    public List<Outcome> exportAll(List<ExportRequest> requests) throws IOException {
        List<Outcome> outcomes = new ArrayList<>();
        Batch batch = new Batch();
        Instant now = Instant.now();
        try {
            for (ExportRequest request : requests) {
                Outcome outcome = new Outcome(request.id());
                outcomes.add(outcome);
                try {
                    if (request.documentId() == null || request.documentId().isBlank() || request.digest() == null
                            || request.digest().isBlank()) {
                        throw ArrayException.badRequest("volume " + request.id() + ": an export needs document_id"
                                + " and digest");
                    }
                    Volume volume = store.get(request.id());
                    outcome.volume = volume;
                    synchronized (volume) {
                        ExportMarker had = volume.state.export();
                        if (had != null && had.documentId().equals(request.documentId())
                                && had.digest().equals(request.digest())) {
                            continue;
                        }
                        batch.change(volume, volume.state.withExport(new ExportMarker(request.documentId(),
                                request.digest(), now)));
                        outcome.changed = true;
                    }
                } catch (ArrayException e) {
                    outcome.error = e;
                }
            }
        } finally {
            batch.commit();
        }
        if (batch.size() > 0) {
            LOG.infof("%d volumes marked exported on %s", batch.size(), name());
        }
        return outcomes;
    }

    /**
     * One volume's entry in a batch answer: {id, ok, role, serving, generation, fence, consistent_at,
     * at_risk_bytes, at_risk_blocks, at_risk_as_of, lag_at_loss_seconds, error}, every key present (null when
     * nothing applies).
     */
    public Map<String, Object> entry(Outcome outcome) {
        Map<String, Object> view = outcome.volume == null ? Map.of() : view(outcome.volume);
        Map<String, Object> entry = ordered("id", outcome.id, "ok", outcome.error == null, "role", view.get("role"),
                "serving", view.get("serving"), "generation", view.get("generation"), "fence", view.get("fence"),
                "consistent_at", null, "at_risk_bytes", null, "at_risk_blocks", null, "at_risk_as_of", null,
                "lag_at_loss_seconds", null);
        if (outcome.atRisk != null) {
            entry.putAll(outcome.atRisk);
        }
        entry.putAll(outcome.extra);
        entry.put("error", outcome.error == null ? null : ordered("code", outcome.error.status(), "kind",
                outcome.error.batchKind(), "message", outcome.error.getMessage()));
        return entry;
    }

    /**
     * Makes the primary a secondary, for a planned switch: what the peer lacks is shipped first, so that the peer
     * can be promoted with nothing lost. The caller promotes the peer next.
     */
    public Map<String, Object> demote(String id) throws IOException {
        Volume volume = store.get(id);
        synchronized (volume) {
            VolumeState next = demoted(volume);
            if (next != null) {
                store.save(volume, next);
                LOG.infof("volume %s: demoted on %s at generation %d", id, name(), next.generation());
            }
        }
        return view(volume);
    }

    /**
     * The volume's state once demoted, after shipping what the peer lacks; null when it is a secondary already.
     * Caller holds the volume's lock.
     */
    private VolumeState demoted(Volume volume) throws IOException {
        VolumeState state = volume.state;
        String id = state.id();
        Pair pair = state.pair();
        if (pair == null) {
            throw ArrayException.conflict("volume " + id + " has no pair; demote is a replication primitive");
        }
        if (pair.topology() == Topology.ACTIVE_ACTIVE) {
            throw ArrayException.conflict("volume " + id + " is active/active: both sides serve, so there is"
                    + " nothing to demote; a side stops serving when the other is promoted above it");
        }
        if (state.role() == Role.SECONDARY && state.fence() == null) {
            return null;
        }
        checkServing(volume);
        if (pair.peerLost()) {
            throw ArrayException.conflict("volume " + id + ": " + pair.peer() + " was declared lost and lacks "
                    + volume.changed.size() + " blocks; reprotect first");
        }
        List<Long> pending = new ArrayList<>(volume.changed);
        pending.addAll(volume.inFlight.keySet());
        if (!pending.isEmpty()) {
            try {
                shipBlocks(volume, pair.peer(), state.generation(), pending);
            } catch (PeerUnreachableException e) {
                throw ArrayException.peerUnreachable("volume " + id + " was not demoted: its last " + pending.size()
                        + " changed blocks could not reach " + pair.peer() + " (" + e.getMessage() + ")");
            } catch (PeerFencedException e) {
                throw fencedBy(volume, e.generation(), pair.peer());
            }
            volume.changed.clear();
            ChangeLog.reset(volume.changeLog(), List.of());
        }
        return state.withRole(Role.SECONDARY).withLastConsistentAt(Instant.now());
    }

    /**
     * This array learns that {@code generation} owns the volume (from the caller, or from the peer promoting). A
     * demoted, in-sync secondary simply moves to it; any other side is fenced and refuses writes until reprotect.
     */
    public Map<String, Object> fence(String id, Long generation, String by) throws IOException {
        Volume volume = store.get(id);
        synchronized (volume) {
            VolumeState next = fenced(volume, generation, by);
            if (next != null) {
                store.save(volume, next);
                LOG.warnf("volume %s: fenced on %s: generation %d (from %s) owns it now", id, name(), generation, by);
            }
            boolean fenced = volume.state.fence() != null;
            return ordered("volume", view(volume), "fenced", fenced, "in_sync", !fenced);
        }
    }

    /**
     * The volume's state once it learns that {@code generation} owns it, or null when it already knows. Refused
     * (409 fenced) when the generation is not above the volume's. Caller holds the volume's lock.
     */
    private VolumeState fenced(Volume volume, Long generation, String by) {
        if (generation == null || generation < 1) {
            throw ArrayException.badRequest("generation is required: the generation that owns the volume now");
        }
        VolumeState state = volume.state;
        if (generation <= state.generation()) {
            if (state.fence() != null && state.fence().generation() >= generation) {
                return null;
            }
            throw ArrayException.fenced("volume " + state.id() + " is at generation " + state.generation() + " on "
                    + name() + "; generation " + generation + " is not above it: nothing changed",
                    state.generation());
        }
        boolean serves = state.role() == Role.PRIMARY
                || state.pair() != null && state.pair().topology() == Topology.ACTIVE_ACTIVE;
        if (!serves && state.fence() == null && volume.changed.isEmpty() && volume.rejoin.isEmpty()) {
            return state.withGeneration(generation);
        }
        LOG.debugf("volume %s: fenced on %s: generation %d (from %s) owns it now", state.id(), name(), generation,
                by);
        return state.withFence(new Fence(generation, by == null ? "caller" : by));
    }

    /**
     * Makes the peer this primary's secondary again after a failover: the peer joins at this generation, and the
     * blocks either side changed since they parted (both change logs) are copied from here, so the sides are equal.
     * Failback is then a planned switch: demote here, promote there.
     */
    public Map<String, Object> reprotect(String id) throws IOException {
        Volume volume = store.get(id);
        synchronized (volume) {
            checkReprotect(volume);
            VolumeState state = volume.state;
            Pair pair = state.pair();
            if (!pair.peerLost()) {
                return ordered("volume", view(volume), "copied_blocks", 0);
            }
            TreeSet<Long> copy = new TreeSet<>(volume.changed);
            copy.addAll(volume.rejoin);
            try {
                // From before the join to the clear: a write the joining side mirrors here must not land after the
                // copy read its block (the copy would undo it over there); it is refused, so that side logs it and
                // ships it afterwards. Its images are refused too, rather than wait for this lock until the timeout.
                volume.copying.writeLock().lock();
                try {
                    copy.addAll(peers.join(pair.peer(), id, ordered("generation", state.generation(), "size_bytes",
                            state.sizeBytes(), "pair", pair.seenFrom(name()))));
                    copy.removeIf(block -> block * blockSize >= state.sizeBytes());
                    shipBlocks(volume, pair.peer(), state.generation(), copy);
                    peers.clearChanges(pair.peer(), id, state.generation());
                } finally {
                    volume.copying.writeLock().unlock();
                }
            } catch (PeerUnreachableException e) {
                throw ArrayException.peerUnreachable("volume " + id + " was not reprotected: " + e.getMessage());
            } catch (PeerFencedException e) {
                throw fencedBy(volume, e.generation(), pair.peer());
            }
            volume.changed.clear();
            ChangeLog.reset(volume.changeLog(), List.of());
            clearRejoin(volume);
            store.save(volume, state.withPair(pair.withPeerLost(false)).withLastConsistentAt(Instant.now()));
            LOG.infof("volume %s: reprotected towards %s, %d blocks copied", id, pair.peer(), copy.size());
            return ordered("volume", view(volume), "copied_blocks", copy.size());
        }
    }

    /** A reprotect checked on this side, waiting for its peer to join. */
    private record Rejoin(Outcome outcome, Volume volume, VolumeState before) {
    }

    /**
     * Reprotects many volumes (see {@link #reprotect}): each peer joins them in one call per {@link #PEER_BATCH}
     * volumes (one journal record there), then each volume copies only the blocks either side changed alone (none,
     * and no call, when neither did), and the pairs are back in step together: one journal record per part. No lock
     * is held while a peer joins; a volume whose role, generation or fence changed meanwhile fails with
     * conflictingRequest. Answers one outcome per id, in order, with {@code copied_blocks}.
     */
    public List<Outcome> reprotectAll(List<String> ids, String by) throws IOException {
        List<Outcome> outcomes = new ArrayList<>();
        Map<String, List<Rejoin>> byPeer = new TreeMap<>();
        for (String id : ids) {
            Outcome outcome = new Outcome(id);
            outcomes.add(outcome);
            try {
                Volume volume = store.get(id);
                outcome.volume = volume;
                synchronized (volume) {
                    VolumeState state = volume.state;
                    checkReprotect(volume);
                    if (!state.pair().peerLost()) {
                        outcome.extra.put("copied_blocks", 0);
                        continue;
                    }
                    byPeer.computeIfAbsent(state.pair().peer(), p -> new ArrayList<>())
                            .add(new Rejoin(outcome, volume, state));
                }
            } catch (ArrayException e) {
                outcome.error = e;
            }
        }
        int reprotected = 0;
        long copied = 0;
        for (Map.Entry<String, List<Rejoin>> perPeer : byPeer.entrySet()) {
            List<Rejoin> all = perPeer.getValue();
            for (int start = 0; start < all.size(); start += PEER_BATCH) {
                List<Rejoin> part = all.subList(start, Math.min(all.size(), start + PEER_BATCH));
                Map<Rejoin, List<Long>> joined = joinPeer(perPeer.getKey(), part);
                Batch batch = new Batch();
                try {
                    for (Rejoin rejoin : part) {
                        List<Long> theirs = joined.get(rejoin);
                        if (theirs != null && rejoined(rejoin, theirs, batch)) {
                            reprotected++;
                            copied += ((Number) rejoin.outcome().extra.get("copied_blocks")).longValue();
                        }
                    }
                } finally {
                    batch.commit();
                }
            }
        }
        if (!byPeer.isEmpty()) {
            LOG.infof("%d volumes reprotected on %s (by %s), %d blocks copied", reprotected, name(), by, copied);
        }
        return outcomes;
    }

    /** The peer joins the part in one call: each volume's changed blocks there, or its outcome's error. */
    private Map<Rejoin, List<Long>> joinPeer(String peer, List<Rejoin> part) {
        Map<Rejoin, List<Long>> joined = new java.util.IdentityHashMap<>();
        List<Map<String, Object>> body = part.stream().map(r -> ordered("id", r.before().id(), "generation",
                r.before().generation(), "size_bytes", r.before().sizeBytes(), "pair",
                r.before().pair().seenFrom(name()))).toList();
        JsonNode entries;
        try {
            entries = peers.joinAll(peer, body);
        } catch (PeerUnreachableException e) {
            part.forEach(r -> r.outcome().error = ArrayException.peerUnreachable("volume " + r.before().id()
                    + " was not reprotected: " + e.getMessage()));
            return joined;
        } catch (PeerFencedException | ArrayException e) {
            part.forEach(r -> r.outcome().error = ArrayException.conflict("volume " + r.before().id()
                    + " was not reprotected: " + e.getMessage()));
            return joined;
        }
        for (int i = 0; i < part.size(); i++) {
            Rejoin rejoin = part.get(i);
            JsonNode entry = entries.path(i);
            if (entry.path("ok").asBoolean(false) && entry.path("id").asText().equals(rejoin.before().id())) {
                List<Long> theirs = new ArrayList<>();
                entry.path("changed_blocks").forEach(block -> theirs.add(block.asLong()));
                joined.put(rejoin, theirs);
                continue;
            }
            JsonNode error = entry.path("error");
            String message = "volume " + rejoin.before().id() + " was not reprotected: peer array " + peer + ": "
                    + error.path("message").asText("no answer for this volume");
            if (error.path("kind").asText().equals("fenced")) {
                synchronized (rejoin.volume()) {
                    rejoin.outcome().error = fencedBy(rejoin.volume(), entry.path("generation").asLong(), peer);
                }
            } else {
                rejoin.outcome().error = ArrayException.conflict(message);
            }
        }
        return joined;
    }

    /**
     * After the peer joined: copies the blocks either side changed alone and puts the volume's new state in the
     * batch. False (with the outcome's error) when that failed or the volume changed meanwhile.
     */
    private boolean rejoined(Rejoin rejoin, List<Long> theirs, Batch batch) throws IOException {
        Outcome outcome = rejoin.outcome();
        Volume volume = rejoin.volume();
        synchronized (volume) {
            VolumeState state = volume.state;
            VolumeState before = rejoin.before();
            if (state.role() != before.role() || state.generation() != before.generation()
                    || !Objects.equals(state.fence(), before.fence()) || !Objects.equals(state.pair(), before.pair())) {
                outcome.error = ArrayException.conflict("volume " + state.id() + " changed on " + name() + " while"
                        + " it was being reprotected (now " + state.role().name().toLowerCase() + " at generation "
                        + state.generation() + "); repeat the reprotect");
                return false;
            }
            Pair pair = state.pair();
            // Writes made while the peer joined are in the change log: copied too.
            TreeSet<Long> copy = new TreeSet<>(volume.changed);
            copy.addAll(volume.rejoin);
            copy.addAll(theirs);
            copy.removeIf(block -> block * blockSize >= state.sizeBytes());
            try {
                if (!copy.isEmpty() || !theirs.isEmpty()) {
                    // Until the clear, a write the peer mirrors here is refused (it logs it and ships it later), so
                    // none lands after the copy read its block; its images too (see reprotect).
                    volume.copying.writeLock().lock();
                    try {
                        if (!copy.isEmpty()) {
                            shipBlocks(volume, pair.peer(), state.generation(), copy);
                        }
                        if (!theirs.isEmpty()) {
                            peers.clearChanges(pair.peer(), state.id(), state.generation());
                        }
                    } finally {
                        volume.copying.writeLock().unlock();
                    }
                }
            } catch (PeerUnreachableException e) {
                outcome.error = ArrayException.peerUnreachable("volume " + state.id() + " was not reprotected: "
                        + e.getMessage());
                return false;
            } catch (PeerFencedException e) {
                outcome.error = fencedBy(volume, e.generation(), pair.peer());
                return false;
            }
            if (!volume.changed.isEmpty()) {
                volume.changed.clear();
                ChangeLog.reset(volume.changeLog(), List.of());
            }
            clearRejoin(volume);
            batch.change(volume, state.withPair(pair.withPeerLost(false)).withLastConsistentAt(Instant.now()));
            outcome.changed = true;
            outcome.extra.put("copied_blocks", copy.size());
            return true;
        }
    }

    /** A volume can be reprotected here: paired, serving, primary. Caller holds the volume's lock. */
    private void checkReprotect(Volume volume) {
        VolumeState state = volume.state;
        if (state.pair() == null) {
            throw ArrayException.conflict("volume " + state.id() + " has no pair to reprotect");
        }
        checkServing(volume);
        if (state.role() != Role.PRIMARY) {
            throw ArrayException.conflict("volume " + state.id() + " is a secondary here; reprotect runs on the"
                    + " primary");
        }
    }

    /** One volume of a batch join: what the peer's reprotect sends. */
    public record JoinRequest(String id, Long generation, Long sizeBytes, Pair pair) {
    }

    /**
     * Reprotect, on the side failed away from, for many volumes: each becomes the secondary again (one journal
     * record for all) and answers the blocks it changed alone ({@code changed_blocks}).
     */
    public List<Outcome> joinAll(List<JoinRequest> requests) throws IOException {
        List<Outcome> outcomes = new ArrayList<>();
        Batch batch = new Batch();
        try {
            for (JoinRequest request : requests) {
                Outcome outcome = new Outcome(request.id());
                outcomes.add(outcome);
                try {
                    Volume volume = store.get(request.id());
                    outcome.volume = volume;
                    synchronized (volume) {
                        VolumeState next = joined(volume, request.generation(), request.sizeBytes(), request.pair());
                        setAsideForPrimary(volume, request.generation(), request.pair());
                        batch.change(volume, next);
                        outcome.changed = true;
                        outcome.extra.put("changed_blocks", List.copyOf(volume.rejoin));
                    }
                } catch (ArrayException e) {
                    outcome.error = e;
                }
            }
        } finally {
            batch.commit();
        }
        if (batch.size() > 0) {
            LOG.infof("%d volumes joined their peer as its secondary on %s", batch.size(), name());
        }
        return outcomes;
    }

    /**
     * The volume's state once it joined as the secondary at {@code generation} (its data file grown to the
     * primary's size first). Caller holds the volume's lock.
     */
    private VolumeState joined(Volume volume, Long generation, Long sizeBytes, Pair pair) throws IOException {
        if (generation == null || pair == null) {
            throw ArrayException.badRequest("generation and pair are required");
        }
        VolumeState state = volume.state;
        String id = state.id();
        if (generation < state.generation()) {
            throw ArrayException.fenced("volume " + id + " is at generation " + state.generation() + " on "
                    + name() + "; a reprotect from generation " + generation + " is refused", state.generation());
        }
        if (generation == state.generation() && state.role() == Role.PRIMARY && state.fence() == null) {
            throw ArrayException.conflict("volume " + id + " is primary on " + name() + " at the same generation "
                    + generation + "; it cannot join as a secondary");
        }
        if (sizeBytes != null && sizeBytes > state.sizeBytes()) {
            BlockFile.ensure(volume.data(), sizeBytes);
            state = state.withSize(sizeBytes);
        }
        return state.withRole(Role.SECONDARY).withGeneration(generation).withFence(null).withPair(pair);
    }

    // ---- what the peer array calls ----

    /** One replica of a batch: what a peer's batch pair sends. */
    public record ReplicaRequest(String id, Long sizeBytes, Long generation, Pair pair) {
    }

    /**
     * The replicas of a peer's batch pair: those not here yet are created with one durable write for all
     * ({@link VolumeStore#createAll}); one found here already is taken as {@link #createReplica} takes it.
     */
    public List<Outcome> createReplicaAll(List<ReplicaRequest> requests) throws IOException {
        List<Outcome> outcomes = new ArrayList<>();
        List<VolumeState> fresh = new ArrayList<>();
        List<Outcome> freshOutcomes = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (ReplicaRequest request : requests) {
            Outcome outcome = new Outcome(request.id());
            outcomes.add(outcome);
            try {
                checkReplica(request.id(), request.sizeBytes(), request.generation(), request.pair());
                if (!seen.add(request.id())) {
                    throw ArrayException.badRequest("volume " + request.id() + " is in the batch twice");
                }
                if (store.find(request.id()).isPresent()) {
                    createReplica(request.id(), request.sizeBytes(), request.generation(), request.pair());
                    outcome.volume = store.find(request.id()).orElse(null);
                    continue;
                }
                fresh.add(new VolumeState(request.id(), request.sizeBytes(), Role.SECONDARY, request.generation(),
                        null, request.pair(), null));
                freshOutcomes.add(outcome);
            } catch (ArrayException e) {
                outcome.error = e;
            }
        }
        List<Volume> made = store.createAll(fresh);
        for (int i = 0, m = 0; i < fresh.size(); i++) {
            VolumeState state = fresh.get(i);
            Outcome outcome = freshOutcomes.get(i);
            if (m < made.size() && made.get(m).state() == state) {
                outcome.volume = made.get(m++);
                outcome.changed = true;
                continue;
            }
            try {
                // Created by a concurrent call meanwhile: taken as a repeated create.
                createReplica(state.id(), state.sizeBytes(), state.generation(), state.pair());
                outcome.volume = store.find(state.id()).orElse(null);
            } catch (ArrayException e) {
                outcome.error = e;
            }
        }
        if (!made.isEmpty()) {
            LOG.infof("%d replicas created on %s in one batch", made.size(), name());
        }
        return outcomes;
    }

    private static void checkReplica(String id, Long sizeBytes, Long generation, Pair pair) {
        checkId(id);
        if (sizeBytes == null || sizeBytes <= 0 || generation == null || pair == null || pair.peer() == null) {
            throw ArrayException.badRequest("a replica needs size_bytes, generation and pair");
        }
    }

    public void createReplica(String id, Long sizeBytes, Long generation, Pair pair) throws IOException {
        checkReplica(id, sizeBytes, generation, pair);
        var found = store.find(id);
        if (found.isEmpty()) {
            store.create(new VolumeState(id, sizeBytes, Role.SECONDARY, generation, null, pair, null));
            return;
        }
        Volume volume = found.get();
        boolean stale = false;
        synchronized (volume) {
            VolumeState state = volume.state;
            boolean replicaOfCaller = state.role() == Role.SECONDARY && state.pair() != null
                    && state.pair().peer().equals(pair.peer()) && state.sizeBytes() == sizeBytes;
            if (!replicaOfCaller && overwritable(state, generation, pair.peer())) {
                overwriteStale(volume, sizeBytes, generation, pair);
                stale = true;
            }
        }
        if (stale) {
            // Outside the volume's lock, as a delete leaves its group: the old copy's membership is not the pair's.
            groups.forget(id);
            return;
        }
        synchronized (volume) {
            VolumeState state = volume.state;
            if (state.sizeBytes() != sizeBytes) {
                throw ArrayException.conflict("volume " + id + " exists on " + name() + " with " + state.sizeBytes()
                        + " bytes, not " + sizeBytes);
            }
            if (state.role() == Role.PRIMARY || state.pair() != null && !state.pair().peer().equals(pair.peer())) {
                throw ArrayException.conflict("volume " + id + " exists on " + name() + " as "
                        + (state.role() == Role.PRIMARY ? "a primary" : "the replica of " + state.pair().peer())
                        + "; it cannot become a replica of " + pair.peer());
            }
            checkCaller(volume, generation);
            store.save(volume, volume.state.withPair(pair).withFence(null));
        }
    }

    /**
     * Whether a new pair from {@code peer} at {@code generation} may overwrite this copy: it was failed away from for
     * good (fenced by a generation the caller holds, or a lower one; or, never told, a primary below the caller's
     * generation), or it is a secondary left behind by an ended pair (not paired, or paired with the caller, at no
     * higher generation). Such a copy holds nothing anyone may still want: the caller owns the volume. A copy that
     * serves at the caller's generation or above, or replicates another array, never is.
     */
    private static boolean overwritable(VolumeState state, long generation, String peer) {
        if (state.fence() != null) {
            return state.fence().generation() <= generation;
        }
        if (state.role() == Role.PRIMARY) {
            return state.generation() < generation;
        }
        return (state.pair() == null || state.pair().peer().equals(peer)) && state.generation() <= generation;
    }

    /**
     * A new pair's replica lands on an old copy of the same volume (a cross-cloud import re-protected towards the
     * array the volume was failed away from, whose copy stays fenced; or a replica left by a pair ended earlier, which
     * may hold blocks the primary zeroed since): the copy is emptied and becomes the caller's secondary at its
     * generation, and the caller's initial copy of every block holding data makes it equal. Its
     * change logs, group membership and export marker belonged to the old copy and go with it.
     */
    private void overwriteStale(Volume volume, long sizeBytes, long generation, Pair pair) throws IOException {
        VolumeState state = volume.state;
        BlockFile.reset(volume.data(), sizeBytes);
        volume.changed.clear();
        ChangeLog.reset(volume.changeLog(), List.of());
        clearRejoin(volume);
        volume.lastReport = null;
        store.save(volume, new VolumeState(state.id(), sizeBytes, Role.SECONDARY, generation, null, pair, null,
                state.pool(), null, null));
        LOG.warnf("volume %s: the stale copy on %s (%s at generation %d%s) is overwritten by a new pair from %s at"
                + " generation %d: full copy", state.id(), name(), state.role(), state.generation(),
                state.fence() == null ? "" : ", fenced at " + state.fence().generation(), pair.peer(), generation);
    }

    /**
     * A sync write mirrored from the peer: on disk here before it answers. Takes the volume's lock only to adopt
     * a higher generation, so two active/active sides writing at once do not wait on each other.
     */
    public void writeReplica(String id, Long generation, long offset, byte[] bytes) throws IOException {
        Volume volume = store.get(id);
        if (generation == null) {
            throw ArrayException.badRequest("generation is required");
        }
        VolumeState state = volume.state;
        if (generation != state.generation()) {
            synchronized (volume) {
                checkCaller(volume, generation);
                state = volume.state;
            }
        }
        acceptsReplica(state);
        checkRange(state, offset, bytes.length);
        if (!volume.copying.readLock().tryLock()) {
            throw copyingRefusal(state);
        }
        try {
            BlockFile.write(volume.data(), offset, bytes);
        } finally {
            volume.copying.readLock().unlock();
        }
    }

    /** What the peer gets for replica data sent while this side copies to it for a reprotect: retry later. */
    private ArrayException copyingRefusal(VolumeState state) {
        return ArrayException.peerUnreachable("volume " + state.id() + " is being copied from " + name()
                + " for a reprotect; the sender keeps the write in its change log and ships it afterwards");
    }

    /** A point-in-time image from the primary (async ship, initial copy, resync), applied as a whole. */
    public void applyImage(String id, Long generation, byte[] encoded) throws IOException {
        if (generation == null) {
            throw ArrayException.badRequest("generation is required");
        }
        Image image = Image.decode(encoded);
        Volume volume = store.get(id);
        if (volume.copying.isWriteLocked()) {
            // The copy holds the volume's lock while it waits for the sender, which may hold its own while it
            // waits here: answered at once instead of both waiting for the timeout. (Under the lock, an image is
            // ordered with the copy anyway.)
            throw copyingRefusal(volume.state);
        }
        synchronized (volume) {
            checkCaller(volume, generation);
            VolumeState state = volume.state;
            acceptsReplica(state);
            for (Map.Entry<Long, byte[]> block : image.blocks().entrySet()) {
                checkRange(state, block.getKey() * blockSize, block.getValue().length);
            }
            store.applyImage(volume, encoded, image);
            if (image.report() != null) {
                keepReport(volume, image.report(), Instant.now());
            }
        }
    }

    public void extendReplica(String id, Long sizeBytes, Long generation) throws IOException {
        if (sizeBytes == null || generation == null) {
            throw ArrayException.badRequest("size_bytes and generation are required");
        }
        Volume volume = store.get(id);
        synchronized (volume) {
            checkCaller(volume, generation);
            if (sizeBytes > volume.state.sizeBytes()) {
                BlockFile.ensure(volume.data(), sizeBytes);
                store.save(volume, volume.state.withSize(sizeBytes));
            }
        }
    }

    public void removePairAsReplica(String id, Long generation) throws IOException {
        var found = store.find(id);
        if (found.isEmpty()) {
            return;
        }
        Volume volume = found.get();
        synchronized (volume) {
            if (generation != null) {
                checkCaller(volume, generation);
            }
            volume.changed.clear();
            ChangeLog.reset(volume.changeLog(), List.of());
            clearRejoin(volume);
            store.save(volume, volume.state.withPair(null));
        }
    }

    /** Reprotect, on the side failed away from: it becomes the secondary again and tells what it changed alone. */
    public List<Long> join(String id, Long generation, Long sizeBytes, Pair pair) throws IOException {
        Volume volume = store.get(id);
        synchronized (volume) {
            VolumeState next = joined(volume, generation, sizeBytes, pair);
            setAsideForPrimary(volume, generation, pair);
            store.save(volume, next);
            LOG.infof("volume %s: joined %s as its secondary at generation %d (%d blocks changed here)", id,
                    pair.peer(), generation, volume.rejoin.size());
            return List.copyOf(volume.rejoin);
        }
    }

    /**
     * Joining side: the blocks it changed alone (its change log, and an async image in flight) become blocks the
     * primary copies here, in the rejoin log; the change log starts empty, for the writes after the join that fail
     * to reach the peer. Not done again by a join repeated at the same generation (a reprotect retried after a
     * failure): the change log then names later writes the peer lacks, and the rejoin log is answered as it is.
     * Written before the new state: a crash in between leaves the blocks in the rejoin log, answered by the next
     * join. Caller holds the volume's lock.
     */
    private void setAsideForPrimary(Volume volume, long generation, Pair pair) throws IOException {
        VolumeState state = volume.state;
        boolean joinedAlready = state.role() == Role.SECONDARY && state.fence() == null
                && state.generation() == generation && pair.equals(state.pair());
        if (joinedAlready || volume.changed.isEmpty() && volume.inFlight.isEmpty()) {
            return;
        }
        volume.rejoin.addAll(volume.changed);
        volume.rejoin.addAll(volume.inFlight.keySet());
        ChangeLog.reset(volume.rejoinLog(), volume.rejoin);
        volume.changed.clear();
        ChangeLog.reset(volume.changeLog(), List.of());
    }

    /**
     * Joining side, once the primary copied the blocks its join answered: the rejoin log is emptied. The change log
     * is not touched: it names writes made here after the join that did not reach the primary, shipped from here.
     */
    public void clearChanges(String id, Long generation) throws IOException {
        Volume volume = store.get(id);
        synchronized (volume) {
            if (generation != null) {
                checkCaller(volume, generation);
            }
            clearRejoin(volume);
        }
    }

    /** Caller holds the volume's lock. */
    private static void clearRejoin(Volume volume) throws IOException {
        if (!volume.rejoin.isEmpty()) {
            volume.rejoin.clear();
            ChangeLog.reset(volume.rejoinLog(), List.of());
        }
    }

    // ---- async shipping ----

    /** The async primaries due to ship: the background task's work list. */
    public Collection<Volume> shippers() {
        java.util.Set<String> grouped = new java.util.HashSet<>();
        groups.all().forEach(g -> grouped.addAll(g.volumes()));
        return store.all().stream().filter(v -> shipsAsync(v.state()) && !grouped.contains(v.state().id())).toList();
    }

    /** An async primary that ships to its peer (not fenced, the peer not declared lost). */
    private static boolean shipsAsync(VolumeState s) {
        return s.pair() != null && s.pair().mode() == Mode.ASYNC && s.role() == Role.PRIMARY && s.fence() == null
                && !s.pair().peerLost();
    }

    /**
     * Ships one point-in-time image of the blocks changed since the last ship: read under the volume's lock,
     * carried outside it, so a slow peer delays the replica, not the writers. The blocks stay in the change log
     * until the peer has applied the image.
     */
    public void ship(Volume volume) throws IOException {
        Instant takenAt;
        Image image;
        Pair pair;
        long generation;
        synchronized (volume) {
            VolumeState state = volume.state;
            pair = state.pair();
            if (pair == null || pair.mode() != Mode.ASYNC || state.role() != Role.PRIMARY || state.fence() != null
                    || pair.peerLost() || !volume.inFlight.isEmpty()) {
                return;
            }
            Instant due = volume.nextShipAt;
            Instant now = Instant.now();
            if (now.isBefore(due)) {
                return;
            }
            volume.nextShipAt = now.plus(Duration.ofMillis(pair.rpoSeconds() * 500L));
            if (volume.changed.isEmpty()) {
                // Nothing pending: the replica equals this side now. Kept in memory only (a restart reports the
                // older, persisted time: more lag than there is, never less).
                volume.state = state.withLastConsistentAt(now);
                return;
            }
            takenAt = now;
            Map<Long, byte[]> blocks = readBlocks(volume, volume.changed);
            volume.inFlight = blocks;
            volume.changed.clear();
            // The image carries the report of its own instant: once it is applied, the peer lacks nothing older.
            image = new Image(takenAt, blocks, new PendingReport(List.of(), 0, takenAt, null));
            generation = state.generation();
        }
        try {
            peers.shipImage(pair.peer(), volume.state.id(), generation, image);
        } catch (PeerUnreachableException e) {
            synchronized (volume) {
                volume.changed.addAll(volume.inFlight.keySet());
                volume.inFlight = Map.of();
                // Retried soon, not half an RPO later: the lag already grows while the peer is away.
                volume.nextShipAt = Instant.now().plus(RETRY.compareTo(Duration.ofMillis(pair.rpoSeconds() * 500L)) < 0
                        ? RETRY : Duration.ofMillis(pair.rpoSeconds() * 500L));
            }
            LOG.debugf("volume %s: ship to %s failed, retried at the next tick: %s", volume.state.id(), pair.peer(),
                    e.getMessage());
            return;
        } catch (PeerFencedException e) {
            synchronized (volume) {
                volume.changed.addAll(volume.inFlight.keySet());
                volume.inFlight = Map.of();
                fencedBy(volume, e.generation(), pair.peer());
            }
            return;
        }
        synchronized (volume) {
            volume.inFlight = Map.of();
            volume.oldestPendingAt = volume.changed.isEmpty() ? null : takenAt;
            // The log now names only what changed after the image was taken.
            ChangeLog.reset(volume.changeLog(), volume.changed);
            store.save(volume, volume.state.withLastConsistentAt(takenAt));
        }
    }

    /**
     * The sync pairs this array serves with blocks logged for the peer (writes that did not reach it): the
     * background resync's work list. The change log is looked at without the lock, as a hint only (resync looks
     * again under it), so a volume whose writer waits for its peer does not hold the background thread up.
     */
    public Collection<Volume> resyncers() {
        return store.all().stream().filter(v -> {
            VolumeState s = v.state;
            return s.pair() != null && s.pair().mode() == Mode.SYNC && !s.pair().peerLost() && s.fence() == null
                    && (s.role() == Role.PRIMARY || s.pair().topology() == Topology.ACTIVE_ACTIVE)
                    && !v.changed.isEmpty();
        }).toList();
    }

    /**
     * Ships a sync pair's logged blocks once its peer answers again, so an idle volume converges too (not only on
     * its next write). Nothing when the heartbeat misses the peer; tried again {@link #RETRY} after a failure.
     */
    public void resync(Volume volume) throws IOException {
        synchronized (volume) {
            VolumeState state = volume.state;
            Pair pair = state.pair();
            if (pair == null || pair.mode() != Mode.SYNC || pair.peerLost() || state.fence() != null
                    || volume.committing || volume.changed.isEmpty() || Instant.now().isBefore(volume.nextShipAt)
                    || health.lostSince(pair.peer()) != null
                    || state.role() != Role.PRIMARY && pair.topology() != Topology.ACTIVE_ACTIVE) {
                return;
            }
            int blocks = volume.changed.size();
            try {
                shipBlocks(volume, pair.peer(), state.generation(), volume.changed);
            } catch (PeerUnreachableException e) {
                volume.nextShipAt = Instant.now().plus(RETRY);
                LOG.debugf("volume %s: resync to %s failed, tried again in %s: %s", state.id(), pair.peer(), RETRY,
                        e.getMessage());
                return;
            } catch (PeerFencedException e) {
                fencedBy(volume, e.generation(), pair.peer());
                return;
            }
            volume.changed.clear();
            ChangeLog.reset(volume.changeLog(), List.of());
            LOG.infof("volume %s: %d logged blocks shipped to %s (sync resync)", state.id(), blocks, pair.peer());
        }
    }

    /**
     * The paired volumes this array serves: what the peer probe asks about. Also those whose peer was declared
     * lost: after a partition both sides may have been promoted, and the lower generation must learn of the higher.
     */
    public Collection<Volume> probed() {
        return store.all().stream().filter(v -> {
            VolumeState s = v.state();
            return s.pair() != null && s.fence() == null && (s.role() == Role.PRIMARY
                    || s.pair().topology() == Topology.ACTIVE_ACTIVE);
        }).toList();
    }

    /**
     * Asks each peer, in one call, at which generation it holds the paired volumes: an array that was down or cut
     * off while the other side was promoted higher learns it here, and stops serving, even when nobody writes to it.
     */
    public void probe() {
        Map<String, List<Volume>> byPeer = new TreeMap<>();
        for (Volume volume : probed()) {
            byPeer.computeIfAbsent(volume.state().pair().peer(), p -> new ArrayList<>()).add(volume);
        }
        byPeer.forEach((peer, volumes) -> {
            Map<String, JsonNode> theirs = new java.util.HashMap<>();
            try {
                peers.pairedVolumes(peer).forEach(v -> theirs.put(v.path("id").asText(), v));
            } catch (PeerUnreachableException | PeerFencedException | ArrayException e) {
                return;
            }
            for (Volume volume : volumes) {
                JsonNode them = theirs.get(volume.state().id());
                if (them == null || !them.path("serving").asBoolean(false)) {
                    continue;
                }
                long generation = them.path("generation").asLong(0);
                synchronized (volume) {
                    VolumeState state = volume.state;
                    if (state.pair() != null && state.pair().peer().equals(peer) && state.fence() == null
                            && state.generation() < generation) {
                        fencedBy(volume, generation, peer);
                    }
                }
            }
        });
    }

    // ---- consistency groups ----

    /** Sets a group's members (creating it when new): every member must be on this array. Answers its view. */
    public Created putGroup(String id, List<String> volumes) throws IOException {
        checkId(id);
        if (volumes == null) {
            throw ArrayException.badRequest("volumes is required: the ids of the group's members (may be empty)");
        }
        volumes.forEach(store::get);
        boolean created = groups.put(id, volumes);
        alignedGroups.removeIf(key -> key.startsWith(id + "@"));
        LOG.infof("group %s: %s on %s with %d volumes", id, created ? "created" : "set", name(), volumes.size());
        return new Created(groupView(id), created);
    }

    /** Adds and removes members of an existing group. */
    public Map<String, Object> changeGroup(String id, List<String> add, List<String> remove) throws IOException {
        Groups.Group group = groups.find(id).orElseThrow(() -> ArrayException.notFound("group " + id
                + " is not on " + name()));
        TreeSet<String> members = new TreeSet<>(group.volumes());
        if (add != null) {
            add.forEach(store::get);
            members.addAll(add);
        }
        if (remove != null) {
            members.removeAll(remove);
        }
        return putGroup(id, List.copyOf(members)).volume();
    }

    public void deleteGroup(String id) throws IOException {
        groups.delete(id);
        alignedGroups.removeIf(key -> key.startsWith(id + "@"));
    }

    public List<Map<String, Object>> groups() {
        return groups.all().stream().map(g -> groupView(g.id())).toList();
    }

    public Map<String, Object> group(String id) {
        return groupView(id);
    }

    /**
     * A group as the API shows it: id, volumes, and {@code consistent_at}, the one instant all its members' replicas
     * (or, on a secondary, the members here) hold, when they share one (else null).
     */
    private Map<String, Object> groupView(String id) {
        Groups.Group group = groups.find(id).orElseThrow(() -> ArrayException.notFound("group " + id
                + " is not on " + name()));
        java.util.Set<Instant> instants = new java.util.HashSet<>();
        for (String member : group.volumes()) {
            instants.add(store.find(member).map(v -> v.state().lastConsistentAt()).orElse(null));
        }
        Instant shared = instants.size() == 1 ? instants.iterator().next() : null;
        return ordered("id", id, "array", name(), "volumes", List.copyOf(group.volumes()), "consistent_at",
                shared == null ? null : shared.toString());
    }

    /** Something done while holding a volume's lock (or many). */
    private interface Locked<T> {
        T run() throws IOException;
    }

    /** Runs {@code action} holding the locks of all {@code volumes}, taken in the order given (sorted by id). */
    private static <T> T underLocks(List<Volume> volumes, int from, Locked<T> action) throws IOException {
        if (from == volumes.size()) {
            return action.run();
        }
        synchronized (volumes.get(from)) {
            return underLocks(volumes, from + 1, action);
        }
    }

    /** A group image read under its members' locks, to ship outside them. */
    private record GroupShip(String group, String peer, Instant takenAt, List<Volume> members, GroupImage image) {
    }

    /**
     * Ships each async group whose half-RPO has passed: one point-in-time image of all its members, taken holding
     * every member's lock at once (so no write is in one member's image while an earlier one is missing from
     * another's), applied on the peer as a whole. Members with nothing changed are in it too (an empty image), so
     * every member's replica moves to the same instant.
     */
    public void shipGroups() throws IOException {
        for (Groups.Group group : groups.all()) {
            Map<String, List<Volume>> byPeer = new TreeMap<>();
            for (String id : group.volumes()) {
                store.find(id).filter(v -> shipsAsync(v.state())).ifPresent(v -> byPeer.computeIfAbsent(
                        v.state().pair().peer(), p -> new ArrayList<>()).add(v));
            }
            for (Map.Entry<String, List<Volume>> part : byPeer.entrySet()) {
                GroupShip ship = takeGroupImage(group.id(), part.getKey(), part.getValue());
                if (ship != null) {
                    shipGroup(ship);
                }
            }
        }
    }

    private GroupShip takeGroupImage(String group, String peer, List<Volume> members) throws IOException {
        String key = group + "@" + peer;
        Instant now = Instant.now();
        if (now.isBefore(groupNextShipAt.getOrDefault(key, Instant.EPOCH))) {
            return null;
        }
        int rpo = members.stream().mapToInt(v -> v.state().pair().rpoSeconds()).min().orElse(1);
        groupNextShipAt.put(key, now.plusMillis(rpo * 500L));
        return underLocks(members, 0, () -> {
            Instant takenAt = Instant.now();
            boolean changed = false;
            for (Volume volume : members) {
                if (!shipsAsync(volume.state) || !volume.inFlight.isEmpty() || volume.committing) {
                    // Changed while the list was made, or an image still in flight: next tick.
                    return null;
                }
                changed |= !volume.changed.isEmpty();
            }
            if (!changed && alignedGroups.contains(key)) {
                // Nothing pending: the replicas equal this side now (in memory only, as a single volume's ship).
                members.forEach(v -> v.state = v.state.withLastConsistentAt(takenAt));
                return null;
            }
            List<GroupImage.Member> parts = new ArrayList<>();
            for (Volume volume : members) {
                Map<Long, byte[]> blocks = readBlocks(volume, volume.changed);
                volume.inFlight = blocks;
                volume.changed.clear();
                parts.add(new GroupImage.Member(volume.state.id(), volume.state.generation(), new Image(takenAt,
                        blocks, new PendingReport(List.of(), 0, takenAt, null)).encode()));
            }
            return new GroupShip(group, peer, takenAt, members, new GroupImage(parts));
        });
    }

    private void shipGroup(GroupShip ship) throws IOException {
        String key = ship.group() + "@" + ship.peer();
        try {
            peers.shipGroupImage(ship.peer(), ship.group(), ship.image());
        } catch (PeerUnreachableException | ArrayException | PeerFencedException e) {
            for (Volume volume : ship.members()) {
                synchronized (volume) {
                    volume.changed.addAll(volume.inFlight.keySet());
                    volume.inFlight = Map.of();
                    if (e instanceof PeerFencedException fenced && fenced.generation() > volume.state.generation()) {
                        fencedBy(volume, fenced.generation(), ship.peer());
                    }
                }
            }
            groupNextShipAt.put(key, Instant.now().plus(RETRY));
            LOG.debugf("group %s: ship to %s failed, retried in %s: %s", ship.group(), ship.peer(), RETRY,
                    e.getMessage());
            return;
        }
        for (Volume volume : ship.members()) {
            synchronized (volume) {
                volume.inFlight = Map.of();
                volume.oldestPendingAt = volume.changed.isEmpty() ? null : ship.takenAt();
                ChangeLog.reset(volume.changeLog(), volume.changed);
                store.save(volume, volume.state.withLastConsistentAt(ship.takenAt()));
            }
        }
        alignedGroups.add(key);
    }

    /**
     * A group image from the peer: every member checked (the sender's generation, a replica here, the blocks in
     * range) holding all their locks, then applied as a whole; one member refused refuses the image.
     */
    public void applyGroupImage(String group, byte[] encoded) throws IOException {
        checkId(group);
        GroupImage image = GroupImage.decode(encoded);
        List<GroupImage.Member> parts = new ArrayList<>(image.members());
        parts.sort((x, y) -> x.id().compareTo(y.id()));
        List<Volume> members = new ArrayList<>();
        List<Image> images = new ArrayList<>();
        for (GroupImage.Member part : parts) {
            members.add(store.get(part.id()));
            images.add(Image.decode(part.image()));
        }
        underLocks(members, 0, () -> {
            for (int i = 0; i < members.size(); i++) {
                Volume volume = members.get(i);
                checkCaller(volume, parts.get(i).generation());
                acceptsReplica(volume.state);
                for (Map.Entry<Long, byte[]> block : images.get(i).blocks().entrySet()) {
                    checkRange(volume.state, block.getKey() * blockSize, block.getValue().length);
                }
            }
            store.applyGroupImage(group, image.encode(), members, images);
            Instant arrived = Instant.now();
            for (int i = 0; i < members.size(); i++) {
                if (images.get(i).report() != null) {
                    keepReport(members.get(i), images.get(i).report(), arrived);
                }
            }
            return null;
        });
    }

    // ---- pending reports (async data at risk) ----

    /**
     * Tells each peer, one call per peer, what it lacks of every async volume this array ships to it: the blocks
     * changed and not yet in an image the peer applied. Runs on the shipping thread, between ships, so a report
     * never overtakes an image.
     */
    public void reportPending() {
        Map<String, List<Map<String, Object>>> byPeer = new TreeMap<>();
        // Every async primary, the members of a group too (they ship in the group's image).
        for (Volume volume : store.all().stream().filter(v -> shipsAsync(v.state())).toList()) {
            synchronized (volume) {
                VolumeState state = volume.state;
                if (state.pair() == null) {
                    continue;
                }
                PendingReport report = pendingReport(volume);
                byPeer.computeIfAbsent(state.pair().peer(), p -> new ArrayList<>()).add(ordered("id", state.id(),
                        "generation", state.generation(), "pending_blocks", report.blocks(), "pending_count",
                        report.count(), "oldest_pending_at", report.oldestPendingAt() == null ? null
                                : report.oldestPendingAt().toString(), "as_of", report.asOf().toString()));
            }
        }
        byPeer.forEach((peer, reports) -> {
            try {
                peers.pendingReports(peer, reports);
            } catch (PeerUnreachableException | PeerFencedException | ArrayException e) {
                LOG.debugf("pending reports to %s not delivered: %s", peer, e.getMessage());
            }
        });
    }

    /** What the peer lacks of the volume now. Caller holds the volume's lock. */
    private PendingReport pendingReport(Volume volume) {
        TreeSet<Long> pending = new TreeSet<>(volume.changed);
        pending.addAll(volume.inFlight.keySet());
        if (pending.isEmpty()) {
            volume.oldestPendingAt = null;
        } else if (volume.oldestPendingAt == null) {
            // Pending since before this process started (restored change log): no later than the last image.
            volume.oldestPendingAt = Objects.requireNonNullElse(volume.state.lastConsistentAt(), Instant.now());
        }
        return new PendingReport(pending.size() > PendingReport.MAX_BLOCKS ? null : List.copyOf(pending),
                pending.size(), Instant.now(), volume.oldestPendingAt);
    }

    /** One report from the primary, as the peer array sends it. */
    public record ReportEntry(String id, Long generation, List<Long> pendingBlocks, Long pendingCount,
            Instant oldestPendingAt, Instant asOf) {
    }

    /** Keeps each volume's newest report from {@code from}, in memory, with its arrival time. */
    public void receiveReports(String from, List<ReportEntry> reports) {
        Instant arrived = Instant.now();
        for (ReportEntry entry : reports) {
            if (entry == null || entry.id() == null || entry.asOf() == null || entry.pendingCount() == null) {
                throw ArrayException.badRequest("a pending report needs id, pending_count and as_of");
            }
            var found = store.find(entry.id());
            if (found.isEmpty()) {
                continue;
            }
            Volume volume = found.get();
            synchronized (volume) {
                VolumeState state = volume.state;
                if (state.pair() != null && state.pair().peer().equals(from) && state.role() == Role.SECONDARY
                        && (entry.generation() == null || entry.generation() >= state.generation())) {
                    keepReport(volume, new PendingReport(entry.pendingBlocks() == null ? null
                            : List.copyOf(entry.pendingBlocks()), entry.pendingCount(), entry.asOf(),
                            entry.oldestPendingAt()), arrived);
                }
            }
        }
    }

    private static void keepReport(Volume volume, PendingReport report, Instant arrived) {
        if (volume.lastReport == null || !report.asOf().isBefore(volume.lastReport.asOf())) {
            volume.lastReport = report;
            volume.lastReportArrivedAt = arrived;
        }
    }

    /** The primary's last report as this secondary holds it: which blocks a failover now would lose. */
    public Map<String, Object> atRisk(String id) {
        Volume volume = store.get(id);
        synchronized (volume) {
            PendingReport report = volume.lastReport;
            if (report == null) {
                throw ArrayException.notFound("volume " + id + " has no pending report on " + name() + " (it is"
                        + " not an async secondary here, or none arrived since this array started)");
            }
            return ordered("blocks", report.blocks(), "count", report.count(), "as_of", report.asOf().toString(),
                    "oldest_pending_at", report.oldestPendingAt() == null ? null
                            : report.oldestPendingAt().toString(),
                    "arrived_at", volume.lastReportArrivedAt.toString());
        }
    }

    // ---- helpers ----

    /** Copies {@code blocks} from here to the peer as images of at most {@link #BLOCKS_PER_IMAGE}. */
    private void shipBlocks(Volume volume, String peer, long generation, Collection<Long> blocks)
            throws IOException, PeerFencedException {
        List<Long> all = new ArrayList<>(new TreeSet<>(blocks));
        for (int start = 0; start < all.size(); start += BLOCKS_PER_IMAGE) {
            List<Long> part = all.subList(start, Math.min(all.size(), start + BLOCKS_PER_IMAGE));
            peers.shipImage(peer, volume.state.id(), generation, new Image(Instant.now(), readBlocks(volume, part)));
        }
    }

    private Map<Long, byte[]> readBlocks(Volume volume, Collection<Long> blocks) throws IOException {
        long size = volume.state.sizeBytes();
        Map<Long, byte[]> image = new TreeMap<>();
        for (long block : blocks) {
            long start = block * blockSize;
            if (start < size) {
                image.put(block, BlockFile.read(volume.data(), start, (int) Math.min(blockSize, size - start)));
            }
        }
        return image;
    }

    private void markChanged(Volume volume, List<Long> blocks) throws IOException {
        List<Long> fresh = blocks.stream().filter(b -> !volume.changed.contains(b)).toList();
        if (!fresh.isEmpty()) {
            ChangeLog.append(volume.changeLog(), fresh);
            if (volume.changed.isEmpty() && volume.inFlight.isEmpty()) {
                volume.oldestPendingAt = Instant.now();
            }
            volume.changed.addAll(fresh);
        }
    }

    private List<Long> blocks(long offset, long length) {
        List<Long> blocks = new ArrayList<>();
        for (long block = offset / blockSize; block * blockSize < offset + length; block++) {
            blocks.add(block);
        }
        return blocks;
    }

    /** Refuses writes on a side that does not serve them, with the reason. */
    private void checkServing(Volume volume) {
        VolumeState state = volume.state;
        if (state.fence() != null) {
            throw ArrayException.fenced("volume " + state.id() + " is fenced on " + name() + ": generation "
                    + state.fence().generation() + " (learned from " + state.fence().by() + ") owns it, and this"
                    + " array holds generation " + state.generation() + "; it takes no writes until a reprotect or"
                    + " failback", state.fence().generation());
        }
        Pair pair = state.pair();
        if (state.role() == Role.SECONDARY && (pair == null || pair.topology() != Topology.ACTIVE_ACTIVE)) {
            throw ArrayException.conflict("volume " + state.id() + " is the secondary on " + name()
                    + (pair == null ? "" : "; writes go to its primary, " + pair.peer()));
        }
    }

    /** A replica write or image is accepted by an unfenced secondary, or by either side of active/active. */
    private void acceptsReplica(VolumeState state) {
        if (state.fence() != null) {
            throw ArrayException.conflict("volume " + state.id() + " is fenced on " + name() + " and takes no"
                    + " replica writes until it joins again (reprotect)");
        }
        boolean activeActive = state.pair() != null && state.pair().topology() == Topology.ACTIVE_ACTIVE;
        if (state.role() == Role.PRIMARY && !activeActive) {
            throw ArrayException.conflict("volume " + state.id() + " is the primary on " + name()
                    + " at generation " + state.generation() + "; it takes no replica writes");
        }
    }

    /**
     * A peer's command carries its generation: a lower one than this side's means the peer was failed away from
     * and is refused with this side's generation (so it fences itself); a higher one is adopted.
     */
    private void checkCaller(Volume volume, long generation) throws IOException {
        VolumeState state = volume.state;
        long known = Math.max(state.generation(), state.fence() == null ? 0 : state.fence().generation());
        if (generation < known) {
            throw ArrayException.fenced("volume " + state.id() + " is at generation " + known + " on " + name()
                    + "; the sender's generation " + generation + " was failed away from", known);
        }
        if (generation > state.generation()) {
            if (state.role() == Role.PRIMARY && state.fence() == null) {
                // A primary that hears of a higher generation was failed away from: fenced here. The answer is a
                // plain conflict, not "fenced": the sender holds the higher generation and must not fence itself.
                fencedBy(volume, generation, "peer");
                throw ArrayException.conflict("volume " + state.id() + " was primary on " + name() + " at generation "
                        + state.generation() + " and is now fenced by generation " + generation + "; it takes"
                        + " replica data only after a reprotect");
            }
            store.save(volume, state.withGeneration(generation));
        }
    }

    /** Records that a higher generation owns the volume, and answers the fenced error for the caller. */
    private ArrayException fencedBy(Volume volume, long generation, String by) {
        VolumeState state = volume.state;
        if (state.fence() == null || state.fence().generation() < generation) {
            try {
                store.save(volume, state.withFence(new Fence(generation, by)));
            } catch (IOException e) {
                LOG.errorf("volume %s: the fence at generation %d could not be saved: %s", state.id(), generation,
                        e.getMessage());
            }
            LOG.warnf("volume %s: fenced on %s: %s holds generation %d", state.id(), name(), by, generation);
        }
        return ArrayException.fenced("volume " + state.id() + " is fenced on " + name() + ": " + by + " holds it at"
                + " generation " + generation + ", above this array's " + state.generation() + "; it takes no"
                + " writes until a reprotect or failback", generation);
    }

    private static void checkRange(VolumeState state, long offset, long length) {
        if (offset < 0) {
            throw ArrayException.badRequest("offset must be 0 or more, not " + offset);
        }
        if (length <= 0) {
            throw ArrayException.badRequest("a write or read covers 1 byte or more");
        }
        if (offset + length > state.sizeBytes()) {
            throw ArrayException.badRequest("bytes " + offset + " to " + (offset + length) + " are beyond the end"
                    + " of volume " + state.id() + " (" + state.sizeBytes() + " bytes)");
        }
    }

    private static void checkId(String id) {
        if (id == null || !VolumeStore.ID.matcher(id).matches()) {
            throw ArrayException.badRequest("a volume id is 1 to 128 letters, digits, '-' or '_' (starting with a"
                    + " letter or digit), not " + id);
        }
    }

    private static String describe(Pair pair) {
        return pair.mode().name().toLowerCase() + " to " + pair.peer()
                + (pair.rpoSeconds() == null ? "" : ", rpo " + pair.rpoSeconds() + " s")
                + (pair.topology() == null ? "" : ", " + pair.topology().name().toLowerCase());
    }

    /** The volume as the management API shows it. */
    Map<String, Object> view(Volume volume) {
        VolumeState state;
        int changed;
        int inFlight;
        synchronized (volume) {
            state = volume.state;
            changed = volume.changed.size() + volume.rejoin.size();
            inFlight = volume.inFlight.size();
        }
        Map<String, Object> view = ordered("id", state.id(), "array", name(), "size_bytes", state.sizeBytes(),
                "pool", state.pool(), "role", state.role(), "generation", state.generation());
        boolean serves = state.fence() == null && (state.role() == Role.PRIMARY
                || state.pair() != null && state.pair().topology() == Topology.ACTIVE_ACTIVE);
        view.put("serving", serves);
        view.put("promoted_by", state.promotedBy());
        if (state.export() != null) {
            view.put("export", ordered("document_id", state.export().documentId(), "digest", state.export().digest(),
                    "recorded_at", state.export().recordedAt().toString()));
        }
        if (state.fence() != null) {
            view.put("fence", ordered("generation", state.fence().generation(), "by", state.fence().by()));
        }
        Pair pair = state.pair();
        if (pair != null) {
            Map<String, Object> p = ordered("peer", pair.peer(), "mode", pair.mode());
            if (pair.rpoSeconds() != null) {
                p.put("rpo_seconds", pair.rpoSeconds());
            }
            if (pair.topology() != null) {
                p.put("topology", pair.topology());
            }
            p.put("mediator", pair.mediator());
            p.put("peer_lost", pair.peerLost());
            Instant lostSince = health.lostSince(pair.peer());
            p.put("peer_lost_since", lostSince == null ? null : lostSince.toString());
            long pendingBlocks = changed + inFlight;
            p.put("pending_bytes", pendingBlocks * blockSize);
            p.put("in_sync", pendingBlocks == 0 && !pair.peerLost());
            if (state.lastConsistentAt() != null) {
                p.put("last_consistent_at", state.lastConsistentAt().toString());
            }
            if (pair.mode() == Mode.ASYNC && state.role() == Role.PRIMARY) {
                // Lag: how far back the newest image both sides hold is, while anything is pending; else none.
                double lag = pendingBlocks == 0 || state.lastConsistentAt() == null ? 0
                        : Duration.between(state.lastConsistentAt(), Instant.now()).toMillis() / 1000.0;
                p.put("lag_seconds", lag);
            }
            view.put("pair", p);
        }
        return view;
    }

    static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
