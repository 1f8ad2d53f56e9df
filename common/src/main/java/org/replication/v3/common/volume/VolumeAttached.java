package org.replication.v3.common.volume;

import org.replication.v3.common.messaging.DomainEvent;

/**
 * The API recorded an attachment of the volume: to a server ({@code instanceUuid}) or a host ({@code hostName}),
 * at {@code mountpoint}, in {@code mode} (rw or ro). Services that must not act on attached volumes (the
 * cross-cloud export) follow these.
 */
public record VolumeAttached(String volumeId, String attachmentId, String instanceUuid, String hostName,
        String mountpoint, String mode) implements DomainEvent {

    public static final String TYPE = "volume.attached.v1";

    @Override
    public String eventType() {
        return TYPE;
    }

    @Override
    public String subject() {
        return volumeId;
    }
}
