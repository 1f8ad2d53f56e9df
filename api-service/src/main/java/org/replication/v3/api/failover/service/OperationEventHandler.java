package org.replication.v3.api.failover.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.jboss.logging.Logger;
import org.replication.v3.api.failover.FailoverOperation;
import org.replication.v3.api.failover.FailoverOutcomeListener;
import org.replication.v3.api.failover.repository.FailoverOperationRepository;
import org.replication.v3.api.http.CinderTime;
import org.replication.v3.common.failover.OperationChanged;
import org.replication.v3.common.failover.OperationState;

/**
 * Keeps the operations view from the replication-service's OperationChanged events (each applied once, by the
 * consumer's inbox). An automatic operation, which the API never accepted, appears with its first event. A
 * finished operation does not go back to running (a late event changes nothing but its results). Each step is
 * passed to the {@link FailoverOutcomeListener}s (services, groups).
 */
@ApplicationScoped
public class OperationEventHandler {

    private static final Logger LOG = Logger.getLogger(OperationEventHandler.class);
    /** An event from an older producer may not say who asked; the view still shows the operation. */
    private static final String UNKNOWN_REQUESTER = "unknown";

    private final FailoverOperationRepository operations;
    private final Instance<FailoverOutcomeListener> listeners;
    private final ObjectMapper json;

    public OperationEventHandler(FailoverOperationRepository operations, Instance<FailoverOutcomeListener> listeners,
            ObjectMapper json) {
        this.operations = operations;
        this.listeners = listeners;
        this.json = json;
    }

    public Uni<Void> apply(OperationChanged changed) {
        return operations.findById(changed.operationId()).flatMap(found -> {
            FailoverOperation operation = found == null ? fromEvent(changed) : found;
            boolean wasActive = operation.active();
            if (wasActive || found == null) {
                operation.state = changed.state().value();
                operation.refusal = changed.refusal();
                operation.total = changed.total();
                operation.done = changed.done();
                operation.failed = changed.failed();
                operation.finishedAt = changed.finishedAt();
                if (changed.target() != null) {
                    // the target the replication-service resolved when the request left it to the configuration
                    operation.target = changed.target();
                }
                if (changed.plan() != null) {
                    operation.plan = planJson(changed.plan());
                }
            }
            operation.updatedAt = CinderTime.now();
            Uni<Void> saved = (found == null ? operations.persist(operation) : Uni.createFrom().item(operation))
                    .chain(() -> operations.saveResults(operation.id, changed.results()));
            if (operation.active()) {
                saved = saved.chain(() -> each(listener -> listener.running(operation)));
            } else if (wasActive) {
                saved = saved.chain(() -> each(listener -> listener.ended(operation)));
            }
            return saved.invoke(() -> LOG.infof("operation %s: %s (%d/%d done, %d failed)%s", operation.id,
                    operation.state, operation.done, operation.total, operation.failed,
                    operation.refusal == null ? "" : ": " + operation.refusal));
        });
    }

    private Uni<Void> each(Function<FailoverOutcomeListener, Uni<Void>> step) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (FailoverOutcomeListener listener : listeners) {
            chain = chain.chain(() -> step.apply(listener));
        }
        return chain;
    }

    private static FailoverOperation fromEvent(OperationChanged changed) {
        FailoverOperation operation = new FailoverOperation();
        operation.id = changed.operationId();
        operation.action = changed.action().value();
        operation.scope = changed.scope().value();
        operation.resources = String.join(",", changed.resources());
        operation.target = changed.target();
        operation.reason = changed.reason();
        operation.requestedBy = changed.requestedBy() == null ? UNKNOWN_REQUESTER : changed.requestedBy();
        operation.automatic = changed.automatic();
        operation.dryRun = changed.state() == OperationState.PLANNED;
        operation.createdAt = changed.createdAt() == null ? Instant.now() : changed.createdAt();
        operation.state = changed.state().value();
        return operation;
    }

    /** Stored as the API shows it. */
    private String planJson(OperationChanged.Plan plan) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("workflow", plan.workflow());
        view.put("volumes_by_backend", plan.volumesByBackend());
        view.put("data_loss", plan.dataLoss());
        view.put("max_data_loss_seconds", plan.maxDataLossSeconds());
        view.put("downtime", plan.downtime());
        try {
            return json.writeValueAsString(view);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a plan always serializes", e);
        }
    }
}
