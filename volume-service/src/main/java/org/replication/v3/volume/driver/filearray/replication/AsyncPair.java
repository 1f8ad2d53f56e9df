package org.replication.v3.volume.driver.filearray.replication;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import org.replication.v3.common.failover.FailbackChanges;
import org.replication.v3.common.failover.FencedBy;
import org.replication.v3.volume.driver.LagLevel;
import org.replication.v3.volume.driver.ReplicationLag;

/**
 * Asynchronous replication: a write is acknowledged once it is on the active array; the blocks it changed are
 * shipped to the other array by {@link #ship()}, which the driver runs at half the RPO so that the lag stays
 * within it. Each ship copies a point-in-time image of the changed blocks (read under the pair's lock, carried
 * outside it), so a slow link delays the replica, not the writers.
 */
public final class AsyncPair extends ReplicaPair {

    private final Duration rpo;
    /** When the oldest write not yet in a completed ship was made; null when the replica has every write. */
    private Instant oldestUnshipped;
    private Instant oldestInFlight;
    private Map<Long, byte[]> inFlight = Map.of();
    private Instant lastSyncAt;
    private Duration lastSyncDuration = Duration.ZERO;
    private long lastSyncBytes;
    private final Object shipping = new Object();

    public AsyncPair(String volumeId, String pool, long sizeBytes, ArraySite primary, ArraySite secondary,
            ReplicationLink link, int blockSize, InstantSource clock, Duration rpo) {
        super(volumeId, pool, sizeBytes, primary, secondary, link, blockSize, clock);
        this.rpo = rpo;
    }

    public Duration rpo() {
        return rpo;
    }

    @Override
    public synchronized void write(Side side, long offset, byte[] data) throws IOException {
        checkRange(offset, data.length);
        if (side != active) {
            throw new WriteRefusedException("volume " + volumeId + " replicates async from the " + active
                    + " side; the " + side + " side is a replica and takes no writes");
        }
        // Marked first: with the other side fenced, the block must be in the change log before the write lands.
        markDirty(offset, data.length);
        VolumeFiles.write(file(side), offset, data);
        if (oldestUnshipped == null) {
            oldestUnshipped = now();
        }
    }

    /**
     * Ships every block changed since the last ship. Returns the bytes carried; throws when the link or the
     * other array fails, and the blocks wait for the next ship.
     */
    public long ship() throws IOException {
        synchronized (shipping) {
            Side from;
            Side to;
            Map<Long, byte[]> image = new LinkedHashMap<>();
            Instant takenAt;
            synchronized (this) {
                from = active;
                to = from.other();
                if (to != fenced) {
                    resolveUnknownChanges();
                }
                if (to == fenced || dirty.isEmpty()) {
                    return 0;
                }
                for (long block : dirty) {
                    image.put(block, VolumeFiles.read(file(from), block * blockSize, blockLength(block)));
                }
                dirty.clear();
                takenAt = now();
                inFlight = image;
                oldestInFlight = oldestUnshipped;
                oldestUnshipped = null;
            }
            long bytes = 0;
            try {
                link.carry();
                for (Map.Entry<Long, byte[]> block : image.entrySet()) {
                    VolumeFiles.write(file(to), block.getKey() * blockSize, block.getValue());
                    bytes += block.getValue().length;
                }
            } catch (IOException e) {
                synchronized (this) {
                    dirty.addAll(image.keySet());
                    oldestUnshipped = earliest(oldestUnshipped, oldestInFlight);
                    inFlight = Map.of();
                    oldestInFlight = null;
                }
                throw e;
            }
            synchronized (this) {
                inFlight = Map.of();
                oldestInFlight = null;
                lastSyncAt = takenAt;
                lastSyncDuration = Duration.between(takenAt, now());
                lastSyncBytes = bytes;
            }
            return bytes;
        }
    }

    @Override
    public FailoverOutcome failover(boolean force) throws IOException {
        // Holding the shipping lock: no ship of the old direction can land on the new active side afterwards.
        synchronized (shipping) {
            Side from = active;
            boolean reachable = site(from).up() && site(from.other()).up() && link.up();
            if (reachable) {
                // Planned: bring the target fully up to date, then switch, so nothing is lost.
                ship();
            }
            synchronized (this) {
                boolean planned = reachable && dirty.isEmpty();
                long lost = planned ? 0 : dirtyBytes();
                Instant dataAsOf = planned ? now() : lastSyncAt;
                active = from.other();
                // Unreachable, the old side is fenced by the driver itself: it ships nothing to it any more.
                fenced = from;
                // The blocks the old side had not shipped stay marked: a reprotect overwrites them on that side.
                oldestUnshipped = null;
                startTrackingDurably();
                return new FailoverOutcome(active, planned, lost, dataAsOf, planned ? FencedBy.PLANNED
                        : force ? FencedBy.OPERATOR : FencedBy.DRIVER);
            }
        }
    }

    /** Whether a ship has taken its image and is carrying it: tests time a write against it. */
    synchronized boolean shipInFlight() {
        return !inFlight.isEmpty();
    }

    @Override
    public synchronized ReplicationLag lag() {
        Instant oldest = earliest(oldestUnshipped, oldestInFlight);
        double lag = oldest == null ? 0 : Duration.between(oldest, now()).toMillis() / 1000.0;
        long pending = dirtyBytes() + inFlight.values().stream().mapToLong(b -> b.length).sum();
        // The replica holds every write made before the oldest one it lacks.
        return new ReplicationLag(lastSyncAt, lastSyncDuration, lastSyncBytes, pending, lag,
                LagLevel.of(lag, rpo.toMillis() / 1000.0), rpo, oldest == null ? lastSyncAt : oldest, null);
    }

    @Override
    public long reprotect() throws IOException {
        synchronized (shipping) {
            synchronized (this) {
                long bytes = super.reprotect();
                oldestUnshipped = null;
                return bytes;
            }
        }
    }

    @Override
    public FailoverOutcome failback(FailbackChanges changes) throws IOException {
        synchronized (shipping) {
            synchronized (this) {
                FailoverOutcome outcome = super.failback(changes);
                oldestUnshipped = null;
                return outcome;
            }
        }
    }

    private static Instant earliest(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isBefore(b) ? a : b;
    }
}
