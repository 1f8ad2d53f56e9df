package org.replication.v3.common.replication;

import java.time.Instant;
import org.replication.v3.common.messaging.DomainEvent;

/**
 * A volume's replication lag crossed a level: {@code warning} above twice its RPO, {@code critical} above three
 * times (or a sync pair no longer protecting the volume), {@code ok} when it is back within.
 */
public record ReplicationLagChanged(String volumeId, String host, Level level, double lagSeconds,
        Integer rpoSeconds, long pendingBytes, Instant lastSyncAt) implements DomainEvent {

    /** How far behind its RPO a volume's replica is. */
    public enum Level implements SpecValue {
        OK,
        WARNING,
        CRITICAL
    }

    public static final String TYPE = "volume.replication-lag-changed.v1";

    @Override
    public String eventType() {
        return TYPE;
    }

    @Override
    public String subject() {
        return volumeId;
    }
}
