package org.replication.v3.common.volume;

import org.replication.v3.common.messaging.DomainEvent;

/** No backend can take the volume; {@code reason} is written for the user who asked. */
public record VolumeSchedulingFailed(String volumeId, String reason) implements DomainEvent {

    public static final String TYPE = "scheduler.volume-scheduling-failed.v1";

    @Override
    public String eventType() {
        return TYPE;
    }

    @Override
    public String subject() {
        return volumeId;
    }
}
