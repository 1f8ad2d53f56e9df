package org.replication.v3.volume.driver;

import java.time.Instant;
import java.util.List;
import org.replication.v3.common.replication.MediatorDecided;

/**
 * What one decision of a replication driver's mediator means for the backend's sync volumes: per volume, its
 * primary lost ({@code promoted}: the mediator has promoted the target already, so the failover has happened on the
 * arrays and only needs recording; otherwise the loss is inside the mediator's grace), its primary back, or its
 * target cut off (the primary goes on alone).
 */
public record MediatorDecision(String decisionId, String verdict, String reason, Instant detectedAt,
        Instant decidedAt, List<Entry> volumes) {

    /** One volume's part of the decision. */
    public record Entry(String volumeId, MediatorDecided.Kind kind, boolean promoted) {
    }
}
