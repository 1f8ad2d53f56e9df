package org.replication.v3.api.failover.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;
import org.replication.v3.api.failover.FailoverOperation;
import org.replication.v3.api.failover.FailoverParticipant;
import org.replication.v3.api.failover.repository.FailoverOperationRepository;
import org.replication.v3.api.http.CinderTime;
import org.replication.v3.common.failover.OperationChanged;

/**
 * Keeps the operations view from the replication-service's OperationChanged events (each applied once: the
 * consumer's route records it in the inbox). An automatic operation, which the API never accepted, appears with its
 * first event. A finished operation does not go back to running (a late event changes nothing but its results).
 * Each step is passed to the {@link FailoverParticipant}s (services, groups).
 */
@ApplicationScoped
public class OperationEventHandler {

    private static final Logger LOG = Logger.getLogger(OperationEventHandler.class);

    @Inject
    FailoverOperationRepository operations;

    @Inject
    FailoverParticipants participants;

    @Inject
    ObjectMapper json;

    public Uni<Void> apply(OperationChanged changed) {
        return operations.findById(changed.operationId()).flatMap(found -> {
            FailoverOperation operation = found == null ? FailoverOperation.firstSeen(changed) : found;
            boolean wasActive = operation.active();
            if (wasActive || found == null) {
                operation.progressed(changed, changed.plan() == null ? null : planJson(changed.plan()));
            }
            operation.updatedAt = CinderTime.now();
            Uni<Void> saved = (found == null ? operations.persist(operation) : Uni.createFrom().item(operation))
                    .chain(() -> operations.saveResults(operation.id, changed.results()));
            if (operation.active()) {
                saved = saved.chain(() -> participants.each(participant -> participant.running(operation)));
            } else if (wasActive) {
                saved = saved.chain(() -> participants.each(participant -> participant.ended(operation)));
            }
            return saved.invoke(() -> LOG.infof("operation %s: %s (%d/%d done, %d failed)%s", operation.id,
                    operation.state.value(), operation.done, operation.total, operation.failed,
                    operation.refusal == null ? "" : ": " + operation.refusal));
        });
    }

    /** Stored as the API shows it. */
    private String planJson(OperationChanged.Plan plan) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("workflow", plan.workflow());
        view.put("volumes_by_backend", plan.volumesByBackend());
        view.put("data_loss", plan.dataLoss());
        view.put("max_data_loss_seconds", plan.maxDataLossSeconds());
        view.put("downtime", plan.downtime());
        view.put("warnings", plan.warnings());
        try {
            return json.writeValueAsString(view);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a plan always serializes", e);
        }
    }
}
