package org.replication.v3.common.replication;

import java.time.Instant;
import java.util.List;
import org.replication.v3.common.messaging.DomainEvent;

/**
 * What changed in the lag of one backend's replicated volumes since its owner's previous snapshot: only the volumes
 * whose last consistent instant, pending-or-not state or level changed, at most {@link #MAX_VOLUMES} per record.
 * A reader keeps the last entry per volume and computes the current lag itself ({@code now - lastConsistentAt}
 * while anything is pending, else 0), so the lag it shows grows with the clock between snapshots, as it does.
 *
 * @param host       host@backend the volumes are on
 * @param observedAt when the owner measured them
 * @param volumes    the changed volumes
 */
public record ReplicationLagSnapshot(String host, Instant observedAt, List<Entry> volumes) implements DomainEvent {

    /** Keeps a record well under Kafka's default 1 MB message size. */
    public static final int MAX_VOLUMES = 1000;

    public static final String TYPE = "volume.replication-lag-snapshot.v1";

    /**
     * One volume's lag as measured.
     *
     * @param volumeId         the volume
     * @param lastConsistentAt the newest instant whose state both sides hold; while nothing is pending the replica
     *                         is current and the lag is 0 whatever this says (null before the first sync)
     * @param pendingBytes     bytes written on the active side and not yet on the replica
     * @param peerLostSince    since when a sync pair has not mirrored (null while it does, and for async)
     * @param level            the lag against the RPO
     */
    public record Entry(String volumeId, Instant lastConsistentAt, long pendingBytes, Instant peerLostSince,
            ReplicationLagLevel level) {

        /** Whether the replica lacks anything: the lag is then {@code now - lastConsistentAt}. */
        public boolean pending() {
            return pendingBytes > 0 || peerLostSince != null;
        }
    }

    @Override
    public String eventType() {
        return TYPE;
    }

    @Override
    public String subject() {
        return host;
    }
}
