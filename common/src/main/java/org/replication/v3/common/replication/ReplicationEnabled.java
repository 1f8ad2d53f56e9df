package org.replication.v3.common.replication;

import org.replication.v3.common.messaging.DomainEvent;

/** A volume's replication started (or failed to start: {@code replication.status()} is error, with the reason). */
public record ReplicationEnabled(String volumeId, String host, VolumeReplication replication, String error)
        implements DomainEvent {

    public static final String TYPE = "volume.replication-enabled.v1";

    @Override
    public String eventType() {
        return TYPE;
    }

    @Override
    public String subject() {
        return volumeId;
    }
}
