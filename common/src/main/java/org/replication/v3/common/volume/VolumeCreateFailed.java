package org.replication.v3.common.volume;

import org.replication.v3.common.messaging.DomainEvent;

/** The driver could not create the volume; it goes to error. */
public record VolumeCreateFailed(String volumeId, String host, String reason) implements DomainEvent {

    public static final String TYPE = "volume.create-failed.v1";

    @Override
    public String eventType() {
        return TYPE;
    }

    @Override
    public String subject() {
        return volumeId;
    }
}
