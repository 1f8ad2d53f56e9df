package org.replication.v3.common.volume;

import org.replication.v3.common.messaging.DomainEvent;

/** The driver could not delete the volume; it goes to error_deleting. */
public record VolumeDeleteFailed(String volumeId, String reason) implements DomainEvent {

    public static final String TYPE = "volume.delete-failed.v1";

    @Override
    public String eventType() {
        return TYPE;
    }

    @Override
    public String subject() {
        return volumeId;
    }
}
