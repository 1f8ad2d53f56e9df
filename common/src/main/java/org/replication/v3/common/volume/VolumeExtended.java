package org.replication.v3.common.volume;

import org.replication.v3.common.messaging.DomainEvent;

/** The driver grew the volume; it now holds {@code newSize} GB. */
public record VolumeExtended(String volumeId, int newSize) implements DomainEvent {

    public static final String TYPE = "volume.extended.v1";

    @Override
    public String eventType() {
        return TYPE;
    }

    @Override
    public String subject() {
        return volumeId;
    }
}
