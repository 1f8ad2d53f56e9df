package org.replication.v3.volume.driver;

import java.time.Duration;
import java.time.Instant;

/**
 * How current one volume's replica is, as every replication driver reports it. The seam between the lag source
 * (today the drivers' own pairs, later the arrays' management API: {@code last_consistent_at}, {@code pending_bytes},
 * {@code peer_lost_since}) and the monitor that grades and publishes it.
 *
 * @param lastSyncAt       the primary's state the replica last caught up to (null before the first sync)
 * @param lastSyncDuration how long that sync took to cross the link
 * @param lastSyncBytes    how many bytes it carried
 * @param pendingBytes     bytes written on the active side and not yet on the replica
 * @param lagSeconds       age of the oldest write the replica does not have (0 when it has them all)
 * @param level            the lag against the RPO
 * @param rpo              the RPO the level is measured against (null for sync: any lag means no protection)
 * @param lastConsistentAt the newest instant whose state both sides hold: while anything is pending, the lag is
 *                         now minus this; while nothing is, the replica is current (null before the first sync)
 * @param peerLostSince    since when a sync pair has not mirrored (null while it does, and for async)
 */
public record ReplicationLag(Instant lastSyncAt, Duration lastSyncDuration, long lastSyncBytes, long pendingBytes,
        double lagSeconds, LagLevel level, Duration rpo, Instant lastConsistentAt, Instant peerLostSince) {

    /** Whether the replica lacks anything: writes not yet on it, or a sync pair not mirroring. */
    public boolean pending() {
        return pendingBytes > 0 || peerLostSince != null;
    }

    /** lag / RPO; null without an RPO (sync). */
    public Double ratio() {
        return rpo == null || rpo.isZero() ? null : lagSeconds / (rpo.toMillis() / 1000.0);
    }
}
