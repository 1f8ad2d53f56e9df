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
import org.replication.v3.array.peer.PeerUnreachableException;

/**
 * What one array does with its volumes: create, extend and delete them, replicate their writes to a peer array
 * (sync: on both disks before the acknowledgement; async: point-in-time images shipped at half the RPO), and the
 * replication primitives a control plane composes into failover, failback and reprotect: promote (with a higher
 * generation), demote, fence and reprotect.
 *
 * <p>Generations: every promote raises a volume's generation. An array that learns of a higher generation for a
 * volume it serves (from the caller's fence, or from its peer refusing a write or an image) is fenced: it refuses
 * writes to that volume until a reprotect from the new primary makes it a secondary again. So two sides never take
 * writes for one volume at once, provided a promote only happens once the old side is fenced or known lost.
 *
 * <p>Each operation holds the volume's monitor (writes, role changes and ships of one volume are ordered), except a
 * replica write arriving from the peer, which must not wait on a lock the peer's own writer may hold here.
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
    private final int blockSize;

    public ArrayService(ArrayConfig config, VolumeStore store, PeerClient peers) {
        this.config = config;
        this.store = store;
        this.peers = peers;
        this.blockSize = config.blockSize();
    }

    public String name() {
        return config.name();
    }

    // ---- volumes ----

    public record Created(Map<String, Object> volume, boolean created) {
    }

    public Created create(String id, Long sizeBytes) throws IOException {
        checkId(id);
        if (sizeBytes == null || sizeBytes <= 0) {
            throw ArrayException.badRequest("size_bytes is required: the volume's size in bytes, 1 or more");
        }
        var existing = store.find(id);
        if (existing.isPresent()) {
            VolumeState state = existing.get().state();
            if (state.sizeBytes() != sizeBytes) {
                throw ArrayException.conflict("volume " + id + " exists on " + name() + " with " + state.sizeBytes()
                        + " bytes, not " + sizeBytes);
            }
            return new Created(view(existing.get()), false);
        }
        Volume volume = store.create(new VolumeState(id, sizeBytes, Role.PRIMARY, 1, null, null, null));
        LOG.infof("volume %s: created on %s, %d bytes", id, name(), sizeBytes);
        return new Created(view(volume), true);
    }

    public void delete(String id) throws IOException {
        checkId(id);
        var found = store.find(id);
        if (found.isEmpty()) {
            return;
        }
        Volume volume = found.get();
        synchronized (volume) {
            if (volume.state.pair() != null) {
                throw ArrayException.conflict("volume " + id + " is paired with " + volume.state.pair().peer()
                        + "; delete its pair first");
            }
            store.delete(volume);
        }
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
                        throw ArrayException.unavailable("volume " + id + " was not extended: " + e.getMessage());
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

    public List<Map<String, Object>> list() {
        return store.all().stream().sorted((a, b) -> a.state().id().compareTo(b.state().id())).map(this::view)
                .toList();
    }

    public Map<String, Object> get(String id) {
        return view(store.get(id));
    }

    // ---- data path ----

    /** Writes bytes to a volume this array serves; returns once replication has acknowledged them. */
    public void write(String id, long offset, byte[] bytes) throws IOException {
        Volume volume = store.get(id);
        synchronized (volume) {
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
                throw ArrayException.unavailable("volume " + id + ": the write is on " + name() + "'s disk only ("
                        + e.getMessage() + "), so it is not acknowledged. A sync pair acknowledges a write once"
                        + " both arrays have it; " + name() + " goes on alone only once a failover or the mediator"
                        + " has declared " + pair.peer() + " lost");
            } catch (PeerFencedException e) {
                markChanged(volume, blocks);
                throw fencedBy(volume, e.generation(), pair.peer());
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

    public Map<String, Object> createPair(String id, String peer, Mode mode, Integer rpoSeconds, Topology topology)
            throws IOException {
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
        Pair wanted = new Pair(peer, mode, rpoSeconds, mode == Mode.SYNC
                ? Objects.requireNonNullElse(topology, Topology.ACTIVE_PASSIVE) : null, false);
        Volume volume = store.get(id);
        synchronized (volume) {
            VolumeState state = volume.state;
            if (state.pair() != null) {
                Pair had = state.pair().withPeerLost(false);
                if (had.equals(wanted)) {
                    return view(volume);
                }
                throw ArrayException.conflict("volume " + id + " is already paired: " + describe(state.pair())
                        + "; delete that pair first");
            }
            checkServing(volume);
            if (state.role() != Role.PRIMARY) {
                throw ArrayException.conflict("volume " + id + " is a secondary here; create its pair on its"
                        + " primary");
            }
            Map<String, Object> replica = ordered("size_bytes", state.sizeBytes(), "generation", state.generation(),
                    "pair", wanted.seenFrom(name()));
            List<Long> data = BlockFile.dataBlocks(volume.data(), state.sizeBytes(), blockSize);
            try {
                peers.createReplica(peer, id, replica);
                shipBlocks(volume, peer, state.generation(), data);
            } catch (PeerUnreachableException e) {
                throw ArrayException.unavailable("the pair of volume " + id + " was not created: " + e.getMessage());
            } catch (PeerFencedException e) {
                throw ArrayException.conflict("the pair of volume " + id + " was not created: " + e.getMessage());
            }
            volume.changed.clear();
            ChangeLog.reset(volume.changeLog(), List.of());
            store.save(volume, state.withPair(wanted).withLastConsistentAt(Instant.now()));
            if (wanted.rpoSeconds() != null) {
                // The initial copy is the first image: the next one is due half an RPO later.
                volume.nextShipAt = Instant.now().plusMillis(wanted.rpoSeconds() * 500L);
            }
            LOG.infof("volume %s: paired with %s (%s), %d blocks copied", id, peer, describe(wanted), data.size());
        }
        return view(volume);
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
                    throw ArrayException.unavailable("the pair of volume " + id + " was not deleted: "
                            + e.getMessage() + "; repeat with force=true to delete it on " + name() + " only");
                }
            } catch (PeerFencedException e) {
                if (!force) {
                    throw ArrayException.conflict("the pair of volume " + id + " was not deleted: " + e.getMessage());
                }
            }
            volume.changed.clear();
            ChangeLog.reset(volume.changeLog(), List.of());
            store.save(volume, state.withPair(null));
            LOG.infof("volume %s: pair with %s deleted", id, pair.peer());
        }
    }

    // ---- replication primitives ----

    /**
     * Makes this side the primary at a higher generation (the caller's, or one above every generation it knows).
     * The peer is told (fenced, or, when it was demoted and in sync, just moved to the new generation); when it
     * cannot be reached it is taken as lost: this side goes on alone and logs what the peer lacks. Calling promote
     * with the peer unreachable is the caller's decision that the peer is down (a failover, the mediator).
     */
    public Map<String, Object> promote(String id, Long requested) throws IOException {
        Volume volume = store.get(id);
        synchronized (volume) {
            VolumeState state = volume.state;
            Pair pair = state.pair();
            if (pair == null) {
                throw ArrayException.conflict("volume " + id + " has no pair; promote is a replication primitive");
            }
            long known = Math.max(state.generation(), state.fence() == null ? 0 : state.fence().generation());
            if (state.role() == Role.PRIMARY && state.fence() == null
                    && (requested == null || requested == state.generation())) {
                return ordered("volume", view(volume), "planned", !pair.peerLost(), "changed", false);
            }
            long generation = requested == null ? known + 1 : requested;
            if (generation <= known) {
                throw ArrayException.conflict("volume " + id + " is at generation " + known + " on " + name()
                        + "; a promote needs a higher one, not " + generation);
            }
            boolean inSync;
            boolean reached;
            try {
                JsonNode answer = peers.fence(pair.peer(), id, generation);
                inSync = answer.path("in_sync").asBoolean(false);
                reached = true;
            } catch (PeerUnreachableException e) {
                LOG.warnf("volume %s: promote to generation %d with %s unreachable (%s): taken as lost", id,
                        generation, pair.peer(), e.getMessage());
                inSync = false;
                reached = false;
            } catch (PeerFencedException e) {
                throw ArrayException.conflict("volume " + id + " was not promoted: " + e.getMessage()
                        + "; promote with a generation above " + e.generation());
            }
            store.save(volume, state.withRole(Role.PRIMARY).withGeneration(generation).withFence(null)
                    .withPair(pair.withPeerLost(!inSync)));
            LOG.infof("volume %s: promoted on %s to generation %d (%s)", id, name(), generation,
                    inSync ? "planned, peer in sync" : reached ? "peer fenced" : "peer unreachable");
            Map<String, Object> answer = ordered("volume", view(volume), "planned", inSync, "peer_reached", reached,
                    "changed", true);
            if (!inSync && pair.mode() == Mode.ASYNC && state.lastConsistentAt() != null) {
                // What the caller may have lost: every write the old primary made after this point in time.
                answer.put("consistent_at", state.lastConsistentAt().toString());
            }
            return answer;
        }
    }

    /**
     * Makes the primary a secondary, for a planned switch: what the peer lacks is shipped first, so that the peer
     * can be promoted with nothing lost. The caller promotes the peer next.
     */
    public Map<String, Object> demote(String id) throws IOException {
        Volume volume = store.get(id);
        synchronized (volume) {
            VolumeState state = volume.state;
            Pair pair = state.pair();
            if (pair == null) {
                throw ArrayException.conflict("volume " + id + " has no pair; demote is a replication primitive");
            }
            if (pair.topology() == Topology.ACTIVE_ACTIVE) {
                throw ArrayException.conflict("volume " + id + " is active/active: both sides serve, so there is"
                        + " nothing to demote; a side stops serving when the other is promoted above it");
            }
            if (state.role() == Role.SECONDARY && state.fence() == null) {
                return view(volume);
            }
            checkServing(volume);
            if (pair.peerLost()) {
                throw ArrayException.conflict("volume " + id + ": " + pair.peer() + " was declared lost and lacks "
                        + volume.changed.size() + " blocks; reprotect first");
            }
            List<Long> pending = new ArrayList<>(volume.changed);
            pending.addAll(volume.inFlight.keySet());
            try {
                shipBlocks(volume, pair.peer(), state.generation(), pending);
            } catch (PeerUnreachableException e) {
                throw ArrayException.unavailable("volume " + id + " was not demoted: its last " + pending.size()
                        + " changed blocks could not reach " + pair.peer() + " (" + e.getMessage() + ")");
            } catch (PeerFencedException e) {
                throw fencedBy(volume, e.generation(), pair.peer());
            }
            volume.changed.clear();
            ChangeLog.reset(volume.changeLog(), List.of());
            store.save(volume, state.withRole(Role.SECONDARY).withLastConsistentAt(Instant.now()));
            LOG.infof("volume %s: demoted on %s at generation %d", id, name(), state.generation());
        }
        return view(volume);
    }

    /**
     * This array learns that {@code generation} owns the volume (from the caller, or from the peer promoting). A
     * demoted, in-sync secondary simply moves to it; any other side is fenced and refuses writes until reprotect.
     */
    public Map<String, Object> fence(String id, Long generation, String by) throws IOException {
        if (generation == null || generation < 1) {
            throw ArrayException.badRequest("generation is required: the generation that owns the volume now");
        }
        Volume volume = store.get(id);
        synchronized (volume) {
            VolumeState state = volume.state;
            if (generation <= state.generation()) {
                if (state.fence() != null && state.fence().generation() >= generation) {
                    return ordered("volume", view(volume), "fenced", true, "in_sync", false);
                }
                throw ArrayException.fenced("volume " + id + " is at generation " + state.generation() + " on "
                        + name() + "; generation " + generation + " is not above it: nothing changed",
                        state.generation());
            }
            boolean serves = state.role() == Role.PRIMARY
                    || state.pair() != null && state.pair().topology() == Topology.ACTIVE_ACTIVE;
            if (!serves && state.fence() == null && volume.changed.isEmpty()) {
                store.save(volume, state.withGeneration(generation));
                return ordered("volume", view(volume), "fenced", false, "in_sync", true);
            }
            store.save(volume, state.withFence(new Fence(generation, by == null ? "caller" : by)));
            LOG.warnf("volume %s: fenced on %s: generation %d (from %s) owns it now", id, name(), generation, by);
            return ordered("volume", view(volume), "fenced", true, "in_sync", false);
        }
    }

    /**
     * Makes the peer this primary's secondary again after a failover: the peer joins at this generation, and the
     * blocks either side changed since they parted (both change logs) are copied from here, so the sides are equal.
     * Failback is then a planned switch: demote here, promote there.
     */
    public Map<String, Object> reprotect(String id) throws IOException {
        Volume volume = store.get(id);
        synchronized (volume) {
            VolumeState state = volume.state;
            Pair pair = state.pair();
            if (pair == null) {
                throw ArrayException.conflict("volume " + id + " has no pair to reprotect");
            }
            checkServing(volume);
            if (state.role() != Role.PRIMARY) {
                throw ArrayException.conflict("volume " + id + " is a secondary here; reprotect runs on the primary");
            }
            if (!pair.peerLost()) {
                return ordered("volume", view(volume), "copied_blocks", 0);
            }
            TreeSet<Long> copy = new TreeSet<>(volume.changed);
            try {
                copy.addAll(peers.join(pair.peer(), id, ordered("generation", state.generation(), "size_bytes",
                        state.sizeBytes(), "pair", pair.seenFrom(name()))));
                copy.removeIf(block -> block * blockSize >= state.sizeBytes());
                shipBlocks(volume, pair.peer(), state.generation(), copy);
                peers.clearChanges(pair.peer(), id, state.generation());
            } catch (PeerUnreachableException e) {
                throw ArrayException.unavailable("volume " + id + " was not reprotected: " + e.getMessage());
            } catch (PeerFencedException e) {
                throw fencedBy(volume, e.generation(), pair.peer());
            }
            volume.changed.clear();
            ChangeLog.reset(volume.changeLog(), List.of());
            store.save(volume, state.withPair(pair.withPeerLost(false)).withLastConsistentAt(Instant.now()));
            LOG.infof("volume %s: reprotected towards %s, %d blocks copied", id, pair.peer(), copy.size());
            return ordered("volume", view(volume), "copied_blocks", copy.size());
        }
    }

    // ---- what the peer array calls ----

    public void createReplica(String id, Long sizeBytes, Long generation, Pair pair) throws IOException {
        checkId(id);
        if (sizeBytes == null || sizeBytes <= 0 || generation == null || pair == null || pair.peer() == null) {
            throw ArrayException.badRequest("a replica needs size_bytes, generation and pair");
        }
        var found = store.find(id);
        if (found.isEmpty()) {
            store.create(new VolumeState(id, sizeBytes, Role.SECONDARY, generation, null, pair, null));
            return;
        }
        Volume volume = found.get();
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
        BlockFile.write(volume.data(), offset, bytes);
    }

    /** A point-in-time image from the primary (async ship, initial copy, resync), applied as a whole. */
    public void applyImage(String id, Long generation, byte[] encoded) throws IOException {
        if (generation == null) {
            throw ArrayException.badRequest("generation is required");
        }
        Image image = Image.decode(encoded);
        Volume volume = store.get(id);
        synchronized (volume) {
            checkCaller(volume, generation);
            VolumeState state = volume.state;
            acceptsReplica(state);
            for (Map.Entry<Long, byte[]> block : image.blocks().entrySet()) {
                checkRange(state, block.getKey() * blockSize, block.getValue().length);
            }
            store.applyImage(volume, encoded, image);
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
            store.save(volume, volume.state.withPair(null));
        }
    }

    /** Reprotect, on the side failed away from: it becomes the secondary again and tells what it changed alone. */
    public List<Long> join(String id, Long generation, Long sizeBytes, Pair pair) throws IOException {
        if (generation == null || pair == null) {
            throw ArrayException.badRequest("generation and pair are required");
        }
        Volume volume = store.get(id);
        synchronized (volume) {
            VolumeState state = volume.state;
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
            store.save(volume, state.withRole(Role.SECONDARY).withGeneration(generation).withFence(null)
                    .withPair(pair));
            LOG.infof("volume %s: joined %s as its secondary at generation %d (%d blocks changed here)", id,
                    pair.peer(), generation, volume.changed.size());
            return List.copyOf(volume.changed);
        }
    }

    public void clearChanges(String id, Long generation) throws IOException {
        Volume volume = store.get(id);
        synchronized (volume) {
            if (generation != null) {
                checkCaller(volume, generation);
            }
            volume.changed.clear();
            ChangeLog.reset(volume.changeLog(), List.of());
        }
    }

    // ---- async shipping ----

    /** The async primaries due to ship: the background task's work list. */
    public Collection<Volume> shippers() {
        return store.all().stream().filter(v -> {
            VolumeState s = v.state();
            return s.pair() != null && s.pair().mode() == Mode.ASYNC && s.role() == Role.PRIMARY
                    && s.fence() == null && !s.pair().peerLost();
        }).toList();
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
            image = new Image(takenAt, readBlocks(volume, volume.changed));
            volume.inFlight = image.blocks();
            volume.changed.clear();
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
            // The log now names only what changed after the image was taken.
            ChangeLog.reset(volume.changeLog(), volume.changed);
            store.save(volume, volume.state.withLastConsistentAt(takenAt));
        }
    }

    /** The paired volumes this array serves and whose peer is not declared lost: what the peer probe asks about. */
    public Collection<Volume> probed() {
        return store.all().stream().filter(v -> {
            VolumeState s = v.state();
            return s.pair() != null && s.fence() == null && !s.pair().peerLost() && (s.role() == Role.PRIMARY
                    || s.pair().topology() == Topology.ACTIVE_ACTIVE);
        }).toList();
    }

    /**
     * Asks the peer which generation it holds the volume at: an array that was down while the other side was
     * promoted learns it here, and stops serving, even when nobody writes to it.
     */
    public void probe(Volume volume) {
        VolumeState state = volume.state();
        Pair pair = state.pair();
        if (pair == null) {
            return;
        }
        JsonNode peer;
        try {
            peer = peers.volume(pair.peer(), state.id());
        } catch (PeerUnreachableException | PeerFencedException | ArrayException e) {
            return;
        }
        long generation = peer.path("generation").asLong(0);
        boolean peerServes = peer.path("serving").asBoolean(false);
        if (peerServes && generation > state.generation()) {
            synchronized (volume) {
                if (volume.state.fence() == null && volume.state.generation() < generation) {
                    fencedBy(volume, generation, pair.peer());
                }
            }
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
            changed = volume.changed.size();
            inFlight = volume.inFlight.size();
        }
        Map<String, Object> view = ordered("id", state.id(), "array", name(), "size_bytes", state.sizeBytes(),
                "role", state.role(), "generation", state.generation());
        boolean serves = state.fence() == null && (state.role() == Role.PRIMARY
                || state.pair() != null && state.pair().topology() == Topology.ACTIVE_ACTIVE);
        view.put("serving", serves);
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
            p.put("peer_lost", pair.peerLost());
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
