package org.replication.v3.common.replication;

import org.replication.v3.common.messaging.DomainEvent;

/**
 * What the mediator of a sync pair saw or did: {@code primary_lost} (the replication-service fails the volume over
 * if it stays lost past its grace period), {@code primary_recovered}, or {@code target_fenced} (the link or the
 * target was lost; the primary goes on alone). {@code promoted} (optional, from 2026-12) is true on a
 * {@code primary_lost} once the mediator has promoted the target itself: the failover has happened on the arrays (at
 * once for active/active, after the mediator's grace for active/passive) and is recorded without a further wait.
 * Absent or false, the record means what it always did.
 */
public record MediatorDecided(String volumeId, String host, Kind kind, String reason, Boolean promoted)
        implements DomainEvent {

    /** A decision that says nothing of a promote: what every producer before {@code promoted} sent. */
    public MediatorDecided(String volumeId, String host, Kind kind, String reason) {
        this(volumeId, host, kind, reason, null);
    }

    /** Whether the mediator has already promoted the target (a v1 record without the field: no). */
    public boolean targetPromoted() {
        return Boolean.TRUE.equals(promoted);
    }

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
