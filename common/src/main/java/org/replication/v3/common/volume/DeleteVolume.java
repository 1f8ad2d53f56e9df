package org.replication.v3.common.volume;

import org.replication.v3.common.messaging.DomainEvent;

/** Delete a volume from the backend that holds it ({@code host} = host@backend#pool). */
public record DeleteVolume(String volumeId, String host) implements DomainEvent {

    public static final String TYPE = "volume.delete.v1";

    @Override
    public String eventType() {
        return TYPE;
    }

    @Override
    public String subject() {
        return volumeId;
    }
}
