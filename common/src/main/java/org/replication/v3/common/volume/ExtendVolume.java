package org.replication.v3.common.volume;

import org.replication.v3.common.messaging.DomainEvent;

/** Grow a volume on the backend that holds it ({@code host} = host@backend#pool) to {@code newSize} GB. */
public record ExtendVolume(String volumeId, String host, int newSize) implements DomainEvent {

    public static final String TYPE = "volume.extend.v1";

    @Override
    public String eventType() {
        return TYPE;
    }

    @Override
    public String subject() {
        return volumeId;
    }
}
