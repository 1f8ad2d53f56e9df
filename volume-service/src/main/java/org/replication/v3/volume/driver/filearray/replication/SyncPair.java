package org.replication.v3.volume.driver.filearray.replication;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.replication.v3.common.failover.FailbackChanges;
import org.replication.v3.common.failover.FencedBy;
import org.replication.v3.common.replication.SyncTopology;
import org.replication.v3.volume.driver.LagLevel;
import org.replication.v3.volume.driver.ReplicationLag;

/**
 * Synchronous replication: a write is acknowledged only once it is on disk on both arrays. Active/passive takes
 * writes on the active side only; active/active on both, each mirrored to the other before the acknowledgement.
 *
 * <p>When the other side cannot be reached the write is refused rather than acknowledged on one side only, unless
 * that side has been fenced (by the mediator or a failover): then the surviving side goes on alone and remembers
 * the blocks to resync. So an acknowledged write is never lost by a failover.
 */
public final class SyncPair extends ReplicaPair {

    private final SyncTopology topology;
    private final boolean mediated;
    private volatile Instant degradedSince;

    public SyncPair(String volumeId, String pool, long sizeBytes, ArraySite primary, ArraySite secondary,
            ReplicationLink link, int blockSize, InstantSource clock, SyncTopology topology, boolean mediated) {
        super(volumeId, pool, sizeBytes, primary, secondary, link, blockSize, clock);
        this.topology = topology;
        this.mediated = mediated;
    }

    @Override
    public synchronized void write(Side side, long offset, byte[] data) throws IOException {
        checkRange(offset, data.length);
        if (side == fenced) {
            throw new WriteRefusedException("the " + side + " side of volume " + volumeId + " is fenced after a"
                    + " failover; writes go to the " + active + " side");
        }
        if (topology == SyncTopology.ACTIVE_PASSIVE && side != active) {
            throw new WriteRefusedException("volume " + volumeId + " is active/passive; the " + side
                    + " side is passive and takes no writes");
        }
        if (fenced == side.other()) {
            markDirty(offset, data.length);
            VolumeFiles.write(file(side), offset, data);
            return;
        }
        VolumeFiles.write(file(side), offset, data);
        try {
            link.carry();
            VolumeFiles.write(file(side.other()), offset, data);
        } catch (IOException e) {
            // The local copy may stay; unacknowledged bytes may or may not persist, as on any disk. The block is
            // resynced either way, so the two sides converge.
            markDirty(offset, data.length);
            if (degradedSince == null) {
                degradedSince = now();
            }
            throw new WriteRefusedException("volume " + volumeId + ": the write reached only the " + side
                    + " side (" + e.getMessage() + "), so it is not acknowledged", e);
        }
    }

    /**
     * Cuts the unreachable side off so the other goes on alone: what a mediator decides, or an operator who has
     * made sure the other side is really lost.
     */
    public synchronized void fence(Side side) {
        if (fenced == null) {
            fenced = side;
            degradedSince = now();
            if (side == active) {
                active = side.other();
            }
            startTrackingDurably();
        }
    }

    /**
     * An unplanned switch (the active side unreachable) promotes the other side only when the old one is fenced:
     * already (by the mediator's link decision), by the mediator having seen it lost, or by the operator's
     * {@code force}. Otherwise two sides could take writes at once.
     */
    @Override
    public synchronized FailoverOutcome failover(boolean force) throws IOException {
        Side from = active;
        Side to = from.other();
        if (to == fenced) {
            throw new IOException("volume " + volumeId + ": the " + to + " side is fenced and needs a reprotect"
                    + " before it can take over");
        }
        boolean planned = site(from).up() && link.up() && dirty.isEmpty();
        if (!planned && fenced != from && !mediated && !force) {
            throw new WriteRefusedException("volume " + volumeId + ": the " + from + " side does not answer and no"
                    + " mediator has seen it lost; an unplanned sync failover needs it fenced: repeat with force"
                    + " (and a reason) once it is known to be down");
        }
        long lost = planned || fenced == from ? 0 : dirtyBytes();
        FencedBy fencedBy = planned ? FencedBy.PLANNED : fenced == from || mediated ? FencedBy.MEDIATOR
                : FencedBy.OPERATOR;
        active = to;
        if (fenced == null) {
            fenced = from;
            // A planned switch left both sides equal: the pair lags only once the new side takes writes.
            if (!planned) {
                degradedSince = now();
            }
        }
        startTrackingDurably();
        return new FailoverOutcome(to, planned, lost, now(), fencedBy);
    }

    @Override
    public synchronized FailoverOutcome failback(FailbackChanges changes) throws IOException {
        FailoverOutcome outcome = super.failback(changes);
        degradedSince = null;
        return outcome;
    }

    @Override
    public synchronized long reprotect() throws IOException {
        long bytes = super.reprotect();
        degradedSince = null;
        return bytes;
    }

    /** A restored pair with a fenced or not yet compared side does not mirror: it lags until resynced. */
    @Override
    public synchronized long restore(Side active, Side fenced) throws IOException {
        long copied = super.restore(active, fenced);
        degradedSince = this.fenced != null || changesUnknown ? now() : null;
        return copied;
    }

    @Override
    public ReplicationLag lag() {
        Instant now = now();
        Instant since = degradedSince;
        if (since == null && dirty.isEmpty()) {
            return new ReplicationLag(now, Duration.ZERO, 0, 0, 0, LagLevel.OK, null, now, null);
        }
        double lag = since == null ? 0 : Duration.between(since, now).toMillis() / 1000.0;
        // A sync pair has no RPO to measure against: any lag means it is not protecting the volume. Both sides
        // hold what was written before it stopped mirroring.
        return new ReplicationLag(since, Duration.ZERO, 0, dirtyBytes(), lag, LagLevel.CRITICAL, null,
                since == null ? now : since, since);
    }

    public SyncTopology topology() {
        return topology;
    }

    public boolean mediated() {
        return mediated;
    }
}
