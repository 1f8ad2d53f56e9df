package org.replication.v3.common.volume;

import org.replication.v3.common.messaging.DomainEvent;

/** The attachment is gone; {@code stillAttached} tells whether other attachments of the volume remain. */
public record VolumeDetached(String volumeId, String attachmentId, boolean stillAttached) implements DomainEvent {

    public static final String TYPE = "volume.detached.v1";

    @Override
    public String eventType() {
        return TYPE;
    }

    @Override
    public String subject() {
        return volumeId;
    }
}
