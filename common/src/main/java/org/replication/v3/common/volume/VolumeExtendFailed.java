package org.replication.v3.common.volume;

import org.replication.v3.common.messaging.DomainEvent;

/** The driver could not grow the volume; its size is unchanged and it goes to error_extending. */
public record VolumeExtendFailed(String volumeId, String reason) implements DomainEvent {

    public static final String TYPE = "volume.extend-failed.v1";

    @Override
    public String eventType() {
        return TYPE;
    }

    @Override
    public String subject() {
        return volumeId;
    }
}
