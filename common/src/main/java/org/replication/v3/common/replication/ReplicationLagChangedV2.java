package org.replication.v3.common.replication;

import java.time.Instant;
import org.replication.v3.common.messaging.DomainEvent;

/**
 * A volume's replication lag changed level, breach included: {@code breach} above its RPO, {@code warning} above
 * twice, {@code critical} above three times (or a sync pair no longer protecting the volume), {@code ok} when it is
 * back within. Published on every level change; {@code volume.replication-lag-changed.v1} goes on alongside it
 * with v1's three levels, for the consumers of v1.
 *
 * @param volumeId         the volume
 * @param host             host@backend#pool of the volume
 * @param level            the new level
 * @param previousLevel    the level it left ({@code ok} for a volume not measured before): a reader tells a rise
 *                         from a fall without keeping the history
 * @param ratio            lag / RPO (null for a sync pair, which has no RPO: any lag means it does not protect)
 * @param lagSeconds       the lag when the level changed
 * @param rpoSeconds       the RPO it was measured against (null for sync)
 * @param pendingBytes     bytes written on the active side and not yet on the replica
 * @param lastConsistentAt the newest instant whose state both sides hold (null before the first sync)
 * @param observedAt       when the owner measured it
 */
public record ReplicationLagChangedV2(String volumeId, String host, ReplicationLagLevel level,
        ReplicationLagLevel previousLevel, Double ratio,
        double lagSeconds, Integer rpoSeconds, long pendingBytes, Instant lastConsistentAt, Instant observedAt)
        implements DomainEvent {

    public static final String TYPE = "volume.replication-lag-changed.v2";

    @Override
    public String eventType() {
        return TYPE;
    }

    @Override
    public String subject() {
        return volumeId;
    }
}
