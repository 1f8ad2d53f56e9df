package org.replication.v3.common.replication;

import org.replication.v3.common.messaging.DomainEvent;

/**
 * What the mediator of a sync pair saw or did: {@code primary_lost} (the replication-service fails the volume over
 * if it stays lost past its grace period), {@code primary_recovered}, or {@code target_fenced} (the link or the
 * target was lost; the primary goes on alone).
 */
public record MediatorDecided(String volumeId, String host, Kind kind, String reason) implements DomainEvent {

    /** What the mediator saw or did. */
    public enum Kind implements SpecValue {
        PRIMARY_LOST,
        PRIMARY_RECOVERED,
        TARGET_FENCED
    }

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
