package org.replication.v3.common.replication;

import org.replication.v3.common.messaging.DomainEvent;

/**
 * A mediator decided for a sync pair on its own: it failed the volume over to its target because the primary
 * array was lost ({@code failedOver}), or fenced the target so the primary keeps taking writes.
 */
public record MediatorDecided(String volumeId, String host, boolean failedOver, String activeBackendId,
        String reason) implements DomainEvent {

    public static final String TYPE = "volume.mediator-decided.v1";

    @Override
    public String eventType() {
        return TYPE;
    }

    @Override
    public String subject() {
        return volumeId;
    }
}
