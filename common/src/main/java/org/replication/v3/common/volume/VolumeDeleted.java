package org.replication.v3.common.volume;

import org.replication.v3.common.messaging.DomainEvent;

/** The volume is gone from its backend. */
public record VolumeDeleted(String volumeId) implements DomainEvent {

    public static final String TYPE = "volume.deleted.v1";

    @Override
    public String eventType() {
        return TYPE;
    }

    @Override
    public String subject() {
        return volumeId;
    }
}
