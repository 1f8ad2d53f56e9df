package org.replication.v3.volume.driver;

import java.time.Duration;
import java.time.Instant;

/**
 * How current one volume's replica is, as every replication driver reports it.
 *
 * @param lastSyncAt       the primary's state the replica last caught up to (null before the first sync)
 * @param lastSyncDuration how long that sync took to cross the link
 * @param lastSyncBytes    how many bytes it carried
 * @param pendingBytes     bytes written on the active side and not yet on the replica
 * @param lagSeconds       age of the oldest write the replica does not have (0 when it has them all)
 * @param level            the lag against the RPO
 */
public record ReplicationLag(Instant lastSyncAt, Duration lastSyncDuration, long lastSyncBytes, long pendingBytes,
        double lagSeconds, LagLevel level) {
}
