package org.replication.v3.api.failover;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.replication.v3.common.failover.FailbackChanges;
import org.replication.v3.common.failover.FailbackChangesConverter;
import org.replication.v3.common.failover.FailoverAction;
import org.replication.v3.common.failover.FailoverActionConverter;
import org.replication.v3.common.failover.FailoverRequested;
import org.replication.v3.common.failover.OperationChanged;
import org.replication.v3.common.failover.OperationState;
import org.replication.v3.common.failover.OperationStateConverter;
import org.replication.v3.common.replication.ReplicationScope;
import org.replication.v3.common.replication.ReplicationScopeConverter;

/**
 * A failover or failback operation as the API shows it: written {@code accepted} with the request, then kept from
 * the replication-service's OperationChanged events.
 */
@Entity
@Table(name = "failover_operation")
public class FailoverOperation extends PanacheEntityBase {

    /** An event from an older producer may not say who asked; the view still shows the operation. */
    private static final String UNKNOWN_REQUESTER = "unknown";

    @Id
    public String id;

    @Convert(converter = FailoverActionConverter.class)
    public FailoverAction action;

    @Convert(converter = ReplicationScopeConverter.class)
    public ReplicationScope scope;

    /** Comma-separated; no resource name holds a comma (ids are UUIDs, hosts match Cinder's host pattern). */
    public String resources;

    public String target;

    public boolean force;

    public String reason;

    @Column(name = "dry_run")
    public boolean dryRun;

    /** Failback only: keep or discard the target's changes; null for failover and reprotect. */
    @Convert(converter = FailbackChangesConverter.class)
    public FailbackChanges changes;

    @Column(name = "requested_by")
    public String requestedBy;

    @Column(name = "project_id")
    public String projectId;

    public boolean automatic;

    @Convert(converter = OperationStateConverter.class)
    public OperationState state;

    public String refusal;

    /** JSON of OperationChanged.Plan. */
    public String plan;

    public int total;

    public int done;

    public int failed;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    /** The operation a request starts, written with its command: {@code accepted} until the first event. */
    public static FailoverOperation accepted(FailoverRequested request, String projectId, Instant at) {
        FailoverOperation operation = of(request.operationId(), request.action(), request.scope(),
                request.resources(), request.target(), request.reason(), request.requestedBy(), request.automatic());
        operation.force = request.force();
        operation.dryRun = request.dryRun();
        operation.changes = request.action() == FailoverAction.FAILBACK ? request.changes() : null;
        operation.projectId = projectId;
        operation.state = OperationState.ACCEPTED;
        operation.createdAt = at;
        operation.updatedAt = at;
        return operation;
    }

    /** An operation the API first hears of from its events (an automatic failover), as far as they tell. */
    public static FailoverOperation firstSeen(OperationChanged changed) {
        FailoverOperation operation = of(changed.operationId(), changed.action(), changed.scope(),
                changed.resources(), changed.target(), changed.reason(),
                changed.requestedBy() == null ? UNKNOWN_REQUESTER : changed.requestedBy(), changed.automatic());
        operation.dryRun = changed.state() == OperationState.PLANNED;
        operation.createdAt = changed.createdAt() == null ? Instant.now() : changed.createdAt();
        operation.state = changed.state();
        return operation;
    }

    private static FailoverOperation of(String id, FailoverAction action, ReplicationScope scope,
            List<String> resources, String target, String reason, String requestedBy, boolean automatic) {
        FailoverOperation operation = new FailoverOperation();
        operation.id = id;
        operation.action = action;
        operation.scope = scope;
        operation.resources = String.join(",", resources);
        operation.target = target;
        operation.reason = reason;
        operation.requestedBy = requestedBy;
        operation.automatic = automatic;
        return operation;
    }

    /**
     * Takes the state and progress an event reports.
     *
     * @param plan the event's plan as stored (JSON), or null to keep the one recorded
     */
    public void progressed(OperationChanged changed, String plan) {
        state = changed.state();
        refusal = changed.refusal();
        total = changed.total();
        done = changed.done();
        failed = changed.failed();
        finishedAt = changed.finishedAt();
        if (changed.target() != null) {
            // the target the replication-service resolved when the request left it to the configuration
            target = changed.target();
        }
        if (plan != null) {
            this.plan = plan;
        }
    }

    /** It switched volumes: completed, or completed with errors after at least one volume switched. */
    public boolean switchedAny() {
        return state == OperationState.COMPLETED || state == OperationState.COMPLETED_WITH_ERRORS && done > 0;
    }

    public List<String> resourceList() {
        return resources.isEmpty() ? List.of() : Arrays.asList(resources.split(","));
    }

    public boolean active() {
        return state.active();
    }
}
