package org.replication.v3.volume.driver;

import org.replication.v3.common.replication.MediatorDecided;

/**
 * What a replication driver's mediator saw or did for a sync volume: {@code primary_lost} (the replication-service
 * may fail over after its grace period), {@code primary_recovered}, or {@code target_fenced} (the link or the
 * target was lost and the primary goes on alone). {@code promoted}: the mediator has already promoted the target, so
 * the failover has happened on the arrays and only needs recording.
 */
public record MediatorDecision(String volumeId, MediatorDecided.Kind kind, String reason, boolean promoted) {

    public MediatorDecision(String volumeId, MediatorDecided.Kind kind, String reason) {
        this(volumeId, kind, reason, false);
    }
}
