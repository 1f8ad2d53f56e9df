package org.replication.v3.common.replication;

import java.time.Instant;
import org.replication.v3.common.messaging.DomainEvent;

/**
 * A volume's replication lag crossed a level: {@code warning} above twice its RPO, {@code critical} above three
 * times (or a sync pair no longer protecting the volume), {@code ok} when it is back within.
 */
public record ReplicationLagChanged(String volumeId, String host, String level, double lagSeconds,
        Integer rpoSeconds, long pendingBytes, Instant lastSyncAt) implements DomainEvent {

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
