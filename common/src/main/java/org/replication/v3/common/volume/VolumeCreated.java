package org.replication.v3.common.volume;

import org.replication.v3.common.messaging.DomainEvent;

/** The driver created the volume; it is available. */
public record VolumeCreated(String volumeId, String host, String providerId, int size) implements DomainEvent {

    public static final String TYPE = "volume.created.v1";

    @Override
    public String eventType() {
        return TYPE;
    }

    @Override
    public String subject() {
        return volumeId;
    }
}
