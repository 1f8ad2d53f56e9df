package org.replication.v3.common.volume;

import org.replication.v3.common.messaging.DomainEvent;

/**
 * An admin forced the volume's status fields (os-reset_status); each is the value after the reset. A reset to
 * {@code detached} also ended all of the volume's attachments.
 */
public record VolumeStatusReset(String volumeId, String status, String attachStatus, String migrationStatus)
        implements DomainEvent {

    public static final String TYPE = "volume.status-reset.v1";

    @Override
    public String eventType() {
        return TYPE;
    }

    @Override
    public String subject() {
        return volumeId;
    }
}
