package org.replication.v3.array.volume;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.TreeSet;

/**
 * One volume on this array in memory: its durable state (the last one written to {@code state.json}), its files,
 * and what replication tracks between writes and ships. Every change happens while holding the object's monitor,
 * so writes, ships and role changes of one volume are ordered.
 */
public final class Volume {

    final Path dir;
    volatile VolumeState state;
    /** Blocks the peer lacks: the content of the change log file, kept in memory too. */
    final TreeSet<Long> changed;
    /**
     * Joining side of a reprotect: the blocks it changed alone before it joined (the content of the rejoin log).
     * Not what the peer lacks but what the primary copies here: never shipped from here, answered to every join
     * until the primary has copied them (its clear). Kept apart from {@link #changed}, which after the join names
     * only later writes that did not reach the peer, so that clear can never drop those.
     */
    final TreeSet<Long> rejoin;
    /**
     * Held (write) while this side copies blocks to its peer for a reprotect; a replica write from the peer takes it
     * (read, never waiting) or is refused, so no peer write lands on a block after the copy read it.
     */
    final java.util.concurrent.locks.ReentrantReadWriteLock copying =
            new java.util.concurrent.locks.ReentrantReadWriteLock();
    /** Async: an image being shipped (taken from {@link #changed}); its blocks stay in the change log until done. */
    Map<Long, byte[]> inFlight = Map.of();
    /** The sequence number of the latest state (VolumeStore): orders state.json against the journal. */
    long sequence;
    /** Created by a batch whose journal record may still be in the journal: its delete is journaled too. */
    volatile boolean createdInJournal;
    /**
     * A batch changed the state in memory and its journal record is not forced yet: the data path waits, so nothing
     * is acknowledged on a state that a crash could still undo.
     */
    boolean committing;
    /** Async: when the background task may ship next. */
    Instant nextShipAt = Instant.EPOCH;
    /** Async primary: about when the oldest block in {@link #changed} became pending; null when none is. */
    Instant oldestPendingAt;
    /** Async secondary: the last pending report from the primary (in memory only), with its arrival time. */
    PendingReport lastReport;
    Instant lastReportArrivedAt;

    Volume(Path dir, VolumeState state, TreeSet<Long> changed, TreeSet<Long> rejoin) {
        this.dir = dir;
        this.state = state;
        this.changed = changed;
        this.rejoin = rejoin;
    }

    Path data() {
        return dir.resolve("data");
    }

    Path stateFile() {
        return dir.resolve("state.json");
    }

    Path changeLog() {
        return dir.resolve("changes");
    }

    Path rejoinLog() {
        return dir.resolve("rejoin");
    }

    Path stagedImage() {
        return dir.resolve("image");
    }

    public synchronized VolumeState state() {
        return state;
    }
}
