package org.replication.v3.common.replication;

import java.time.Instant;
import java.util.List;
import org.replication.v3.common.messaging.DomainEvent;

/**
 * One mediator decision as it touches one backend's volumes, at most {@link #MAX_VOLUMES} per record: a site loss
 * of 10,000 mediated volumes is ten records, not 10,000 (v1, {@link MediatorDecided}, is one record per volume and
 * says nothing of whether the mediator promoted the target). An entry's {@code targetPromoted} says that the
 * mediator has promoted the volume's target itself (active/active at once, active/passive at the end of the
 * mediator's grace): the failover has happened on the arrays and is recorded without a further wait. A
 * {@code primary_lost} without it is a loss still inside the mediator's grace.
 *
 * @param host       host@backend the volumes are on
 * @param decisionId the mediator's decision (its journal id)
 * @param verdict    the mediator's verdict as it named it ({@code site_lost}, {@code link_lost}, {@code recovered},
 *                   ...), for people: the entries' kinds are what a consumer acts on
 * @param reason     the mediator's words
 * @param detectedAt when the mediator first saw the condition (null if it did not say)
 * @param decidedAt  when it decided (null if it did not say)
 * @param volumes    what the decision means for each volume of the backend it names
 */
public record MediatorDecidedV2(String host, String decisionId, String verdict, String reason, Instant detectedAt,
        Instant decidedAt, List<Entry> volumes) implements DomainEvent {

    /** Keeps a record well under Kafka's default 1 MB message size. */
    public static final int MAX_VOLUMES = 1000;

    public static final String TYPE = "volume.mediator-decided.v2";

    /**
     * One volume's part of the decision.
     *
     * @param volumeId       the volume
     * @param kind           as v1 names it: its primary lost, back, or its target cut off
     * @param targetPromoted the mediator promoted the volume's target: it serves there now
     */
    public record Entry(String volumeId, MediatorDecided.Kind kind, boolean targetPromoted) {
    }

    @Override
    public String eventType() {
        return TYPE;
    }

    @Override
    public String subject() {
        return host;
    }
}
