package org.replication.v3.volume.driver;

import org.replication.v3.common.replication.MediatorDecided;

/**
 * What a replication driver's mediator saw or did for a sync volume: {@code primary_lost} (the replication-service
 * may fail over after its grace period), {@code primary_recovered}, or {@code target_fenced} (the link or the
 * target was lost and the primary goes on alone).
 */
public record MediatorDecision(String volumeId, MediatorDecided.Kind kind, String reason) {
}
