package org.replication.v3.common.failover;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.replication.v3.common.messaging.DomainEvent;
import org.replication.v3.common.replication.FailoverExpectations.DataLoss;
import org.replication.v3.common.replication.FailoverExpectations.Downtime;
import org.replication.v3.common.replication.ReplicationScope;

/**
 * A failover operation's state, published at every step: the API keeps its operations view from these, operators
 * watch them. States: {@link OperationState}.
 *
 * @param plan    what the operation does (or would do): its workflow, and what it costs
 * @param results per-volume results so far (only those that changed since the last event)
 */
public record OperationChanged(String operationId, FailoverAction action, ReplicationScope scope,
        List<String> resources, String target, OperationState state, String reason, String refusal, boolean automatic,
        String requestedBy, int total, int done, int failed, Plan plan, List<VolumesSwitched.Result> results,
        Instant createdAt, Instant finishedAt) implements DomainEvent {

    public static final String TYPE = "replication.operation-changed.v1";

    /**
     * @param workflow          the driver workflow chosen from scope, mode and target
     * @param volumesByBackend  how many volumes each host@backend switches
     * @param dataLoss          none, bounded_by_rpo or unknown, over all the volumes
     * @param maxDataLossSeconds the largest RPO among async volumes
     * @param downtime          automatic_failover or manual_failover
     * @param warnings          what a forced failover was accepted despite (a silent volume-service, a target no
     *                          live instance reaches); empty otherwise, and in events that predate the field
     */
    public record Plan(String workflow, Map<String, Integer> volumesByBackend, DataLoss dataLoss,
            Integer maxDataLossSeconds, Downtime downtime, List<String> warnings) {

        public Plan {
            warnings = warnings == null ? List.of() : List.copyOf(warnings);
        }

        /** A plan nothing was forced past. */
        public Plan(String workflow, Map<String, Integer> volumesByBackend, DataLoss dataLoss,
                Integer maxDataLossSeconds, Downtime downtime) {
            this(workflow, volumesByBackend, dataLoss, maxDataLossSeconds, downtime, List.of());
        }

        public Plan withWarnings(List<String> more) {
            return new Plan(workflow, volumesByBackend, dataLoss, maxDataLossSeconds, downtime, more);
        }
    }

    @Override
    public String eventType() {
        return TYPE;
    }

    @Override
    public String subject() {
        return operationId;
    }
}
