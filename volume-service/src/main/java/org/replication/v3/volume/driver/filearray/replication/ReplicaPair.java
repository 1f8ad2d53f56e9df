package org.replication.v3.volume.driver.filearray.replication;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.TreeSet;
import org.replication.v3.common.failover.FailbackChanges;
import org.replication.v3.volume.driver.ReplicationLag;

/**
 * One replicated volume: its file on the primary array and on the target array, the link between them, and which
 * side is active (authoritative). Subclasses decide when a write reaches the other side.
 */
public abstract sealed class ReplicaPair permits SyncPair, AsyncPair {

    protected final String volumeId;
    protected final String pool;
    protected final long sizeBytes;
    protected final ArraySite primary;
    protected final ArraySite secondary;
    protected final ReplicationLink link;
    protected final int blockSize;
    protected final InstantSource clock;
    /**
     * Blocks the inactive side lacks: written while it was unreachable, or not shipped yet. While that side is
     * fenced they are also logged on the serving array ({@link ChangeLog}), so that a restart knows them.
     */
    protected final NavigableSet<Long> dirty = new TreeSet<>();
    protected volatile Side active = Side.PRIMARY;
    /** A side declared lost (failed over from, or cut off by the mediator): it takes no writes until reprotected. */
    protected volatile Side fenced;
    /**
     * The pair was restored after a restart without comparing its sides (one was fenced or unreachable): the
     * blocks they differ in are found by comparing them at the next resync towards the inactive side.
     */
    protected boolean changesUnknown;
    /** How many times the sides were compared whole because the changed blocks were unknown (tests read it). */
    private int fullCompares;

    protected ReplicaPair(String volumeId, String pool, long sizeBytes, ArraySite primary, ArraySite secondary,
            ReplicationLink link, int blockSize, InstantSource clock) {
        this.volumeId = volumeId;
        this.pool = pool;
        this.sizeBytes = sizeBytes;
        this.primary = primary;
        this.secondary = secondary;
        this.link = link;
        this.blockSize = blockSize;
        this.clock = clock;
    }

    /**
     * Creates both sides' files and, unless the volume is new (all holes), copies every block the active side holds
     * data in, so the replica starts identical. Idempotent: enabling again copies again (a restart takes
     * {@link #restore} instead, which copies only what may be pending).
     */
    public synchronized long enable(boolean copyExisting) throws IOException {
        Path from = file(active);
        Path to = file(active.other());
        VolumeFiles.ensure(from, sizeBytes);
        VolumeFiles.ensure(to, sizeBytes);
        if (!copyExisting) {
            return 0;
        }
        link.carry();
        long copied = VolumeFiles.copyData(from, to, sizeBytes, blockSize);
        dirty.clear();
        return copied;
    }

    /**
     * Rebuilds the pair after a restart in the state this service recorded: {@code active} serves, {@code fenced}
     * (the side failed over from, or null) takes no writes. Returns the bytes copied.
     *
     * <p>Which blocks the inactive side lacked lived in memory and died with the process. Comparing the sides of
     * every volume would make a start cost a full read of all of them, so the files' modification times decide:
     * every write lands on the serving side first and on the replica afterwards (a sync mirror, an async ship), so
     * only a serving side modified after its replica can hold writes the replica lacks (an async write not shipped
     * yet, a sync write torn by the crash), and only then is the data copied. Nothing is copied towards a fenced
     * side: it gets the serving side's data when an operator reprotects or fails back. The blocks it lacks are
     * read back from the serving array's {@link ChangeLog}; only when that log is missing or unreadable (a pair
     * fenced by an older version, a lost file) are the sides compared whole at that resync. The same holds when a
     * side does not answer now: the pair is restored, and compared when it is next resynced.
     */
    public synchronized long restore(Side active, Side fenced) throws IOException {
        if (fenced != null && fenced != active.other()) {
            throw new IllegalArgumentException("volume " + volumeId + ": only the side that does not serve can be"
                    + " fenced, not the " + fenced + " side");
        }
        this.active = active;
        this.fenced = fenced;
        dirty.clear();
        if (fenced != null) {
            Optional<TreeSet<Long>> logged = loggedChanges();
            logged.ifPresent(dirty::addAll);
            changesUnknown = logged.isEmpty();
            return 0;
        }
        try {
            Path from = file(active);
            Path to = file(active.other());
            boolean replicaMissing = !Files.exists(to);
            VolumeFiles.ensure(from, sizeBytes);
            VolumeFiles.ensure(to, sizeBytes);
            if (!replicaMissing
                    && Files.getLastModifiedTime(from).compareTo(Files.getLastModifiedTime(to)) <= 0) {
                return 0;
            }
            link.carry();
            return VolumeFiles.copyData(from, to, sizeBytes, blockSize);
        } catch (ArrayDownException | LinkDownException e) {
            changesUnknown = true;
            return 0;
        }
    }

    private Optional<TreeSet<Long>> loggedChanges() {
        try {
            return ChangeLog.read(site(active).changesFile(pool, volumeId), (sizeBytes + blockSize - 1) / blockSize);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** After a restore that did not learn the changed blocks: the blocks the sides differ in are the ones to resync. */
    protected void resolveUnknownChanges() throws IOException {
        if (!changesUnknown) {
            return;
        }
        link.carry();
        dirty.addAll(VolumeFiles.differingBlocks(file(active), file(active.other()), sizeBytes, blockSize));
        changesUnknown = false;
        fullCompares++;
    }

    /** Times this pair compared its sides whole, its changed blocks unknown after a restart. */
    public synchronized int fullCompares() {
        return fullCompares;
    }

    /**
     * A side was just fenced (or the serving side changed while one is): the blocks it lacks are logged on the
     * serving array from now on, starting with those already known. If the log cannot be written (that array is
     * failing), any older log is removed so that a restart compares the sides rather than trusting it.
     */
    protected void startTrackingDurably() {
        if (fenced == null || fenced != active.other()) {
            return;
        }
        try {
            ChangeLog.reset(site(active).changesFile(pool, volumeId), dirty);
        } catch (IOException e) {
            try {
                ChangeLog.delete(site(active).changesFile(pool, volumeId));
            } catch (IOException ignored) {
                // The serving array does not answer: it takes no writes either, and a restart finds no log to trust.
            }
        }
    }

    /** The fenced side has every block again: its log goes (before the fence is lifted, so a crash repeats the resync). */
    private void stopTrackingDurably() throws IOException {
        ChangeLog.delete(site(active).changesFile(pool, volumeId));
    }

    /** Restored without comparing its sides yet (see {@link #restore}). */
    public synchronized boolean changesUnknown() {
        return changesUnknown;
    }

    public abstract void write(Side side, long offset, byte[] data) throws IOException;

    public abstract ReplicationLag lag();

    /**
     * Makes the other side active. Planned when the active side and the link answer: nothing is lost. Otherwise
     * what the old active side had not passed on is lost. Either way the old side is fenced afterwards and gets
     * none of the new side's writes (they are tracked): nothing flows back until a {@link #reprotect()} or a
     * {@link #failback}, which the operator asks for. Resyncing on its own would pick an authoritative side
     * behind the operator's back, which is how split-brain loses data.
     *
     * @param force the operator acknowledges that the unreachable old side is really lost (it may be needed to
     *              fence it; see {@link SyncPair})
     */
    public abstract FailoverOutcome failover(boolean force) throws IOException;

    public byte[] read(Side side, long offset, int length) throws IOException {
        checkRange(offset, length);
        return VolumeFiles.read(file(side), offset, length);
    }

    /**
     * After a failover, once the old side is back: copies to it every block it lacks (discarding what it had not
     * passed on) and lifts its fence, so replication runs again from the active side towards it.
     */
    public synchronized long reprotect() throws IOException {
        Side target = active.other();
        link.carry();
        resolveUnknownChanges();
        long bytes = 0;
        for (long block : dirty) {
            int length = blockLength(block);
            VolumeFiles.write(file(target), block * blockSize, VolumeFiles.read(file(active), block * blockSize,
                    length));
            bytes += length;
        }
        dirty.clear();
        stopTrackingDurably();
        fenced = null;
        return bytes;
    }

    /**
     * Gives the volume back to the side it was failed over from, both arrays and the link answering (a failback is
     * planned; it is never forced). {@code keep}: that side first gets every block it lacks, the writes made while
     * failed over included, so nothing is lost. {@code discard}: the blocks changed on either side since the
     * failover are overwritten on the active side with the returning side's data, which wins as it was; the
     * outcome's lost bytes count them. A reprotected pair has already replicated its changes back, so they can
     * only be kept. Replication then runs from the returning side again.
     */
    public synchronized FailoverOutcome failback(FailbackChanges changes) throws IOException {
        Side home = active.other();
        if (!site(active).up() || !site(home).up() || !link.up()) {
            throw new IOException("volume " + volumeId + ": a failback needs both arrays (" + site(active).name()
                    + ", " + site(home).name() + ") and the link " + link.name() + " up; it is never forced");
        }
        long lost = 0;
        if (changes == FailbackChanges.KEEP) {
            reprotect();
        } else if (fenced != home) {
            throw new IOException("volume " + volumeId + " was reprotected: the " + home + " side already holds"
                    + " the changes made on the " + active + " side, so they cannot be discarded; fail back"
                    + " keeping them");
        } else {
            resolveUnknownChanges();
            link.carry();
            for (long block : dirty) {
                int length = blockLength(block);
                VolumeFiles.write(file(active), block * blockSize, VolumeFiles.read(file(home), block * blockSize,
                        length));
                lost += length;
            }
            dirty.clear();
            stopTrackingDurably();
        }
        active = home;
        fenced = null;
        return new FailoverOutcome(home, true, lost, now(), null);
    }

    /** Removes the volume's file on one side (the volume is being deleted), and its change log there. */
    public void deleteFiles(Side side) throws IOException {
        Files.deleteIfExists(file(side));
        ChangeLog.delete(site(side).changesFile(pool, volumeId));
    }

    public String checksum(Side side) throws IOException {
        return VolumeFiles.sha256(file(side));
    }

    public String volumeId() {
        return volumeId;
    }

    public Side active() {
        return active;
    }

    public Side fenced() {
        return fenced;
    }

    public String pool() {
        return pool;
    }

    public long sizeBytes() {
        return sizeBytes;
    }

    public ArraySite site(Side side) {
        return side == Side.PRIMARY ? primary : secondary;
    }

    public ReplicationLink link() {
        return link;
    }

    protected Path file(Side side) throws IOException {
        return site(side).volumeFile(pool, volumeId);
    }

    /**
     * Records the blocks a write is about to change as lacking on the other side. Called before the write when
     * that side is fenced: the blocks are then on disk in the {@link ChangeLog} before the write can be
     * acknowledged, so a crash never forgets a block the fenced side lacks.
     */
    protected void markDirty(long offset, int length) throws IOException {
        List<Long> added = new ArrayList<>();
        for (long block = offset / blockSize; block <= (offset + length - 1) / blockSize; block++) {
            if (!dirty.contains(block)) {
                added.add(block);
            }
        }
        if (added.isEmpty()) {
            return;
        }
        if (fenced != null && fenced == active.other()) {
            ChangeLog.append(site(active).changesFile(pool, volumeId), added);
        }
        dirty.addAll(added);
    }

    protected int blockLength(long block) {
        return (int) Math.min(blockSize, sizeBytes - block * blockSize);
    }

    protected long dirtyBytes() {
        return (long) dirty.size() * blockSize;
    }

    protected void checkRange(long offset, int length) throws IOException {
        if (offset < 0 || length <= 0 || offset + length > sizeBytes) {
            throw new WriteRefusedException("range " + offset + "+" + length + " is outside volume " + volumeId
                    + " of " + sizeBytes + " bytes");
        }
    }

    protected Instant now() {
        return clock.instant();
    }
}
