package org.replication.v3.replication.operation;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.replication.v3.common.failover.FailoverAction;
import org.replication.v3.common.failover.FailoverActionConverter;
import org.replication.v3.common.failover.FailoverRequested;
import org.replication.v3.common.failover.OperationChanged;
import org.replication.v3.common.failover.OperationState;
import org.replication.v3.common.failover.OperationStateConverter;
import org.replication.v3.common.failover.VolumesSwitched;
import org.replication.v3.common.replication.ReplicationScope;
import org.replication.v3.common.replication.ReplicationScopeConverter;
import org.replication.v3.replication.volume.VolumeReplica;

/** One failover or failback: the request, its plan and its progress, persisted so a restart resumes it. */
@Entity
@Table(name = "operation")
public class Operation extends PanacheEntityBase {

    @Id
    public String id;

    @Convert(converter = FailoverActionConverter.class)
    public FailoverAction action;

    @Convert(converter = ReplicationScopeConverter.class)
    public ReplicationScope scope;

    /** Comma-separated ids or host@backend[#pool]. */
    public String resources;

    public String target;

    public boolean force;

    public String reason;

    @Column(name = "requested_by")
    public String requestedBy;

    public boolean automatic;

    @Column(name = "dry_run")
    public boolean dryRun;

    @Convert(converter = OperationStateConverter.class)
    public OperationState state;

    public String refusal;

    @Convert(converter = PlanColumn.class)
    public OperationChanged.Plan plan;

    public int total;

    public int done;

    public int failed;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    /**
     * The operation a request becomes once planned: running, or finished at once when it was refused or only a dry
     * run.
     */
    public static Operation requested(FailoverRequested request, FailoverPlan plan, Instant now) {
        Operation operation = new Operation();
        operation.id = request.operationId();
        operation.action = request.action();
        operation.scope = request.scope();
        operation.resources = String.join(",", request.resources());
        operation.target = request.target() != null ? request.target() : sharedTarget(request, plan.volumes());
        operation.force = request.force();
        operation.reason = request.reason();
        operation.requestedBy = request.requestedBy();
        operation.automatic = request.automatic();
        operation.dryRun = request.dryRun();
        operation.createdAt = now;
        operation.total = plan.volumes().size();
        operation.refusal = plan.refusal();
        operation.plan = plan.plan();
        operation.state = plan.isRefused() ? OperationState.REFUSED
                : request.dryRun() ? OperationState.PLANNED : OperationState.RUNNING;
        if (operation.state.finished()) {
            operation.finishedAt = now;
        }
        return operation;
    }

    /**
     * A failover that names no target sends each volume to its configured one; the operation names that target
     * when they all share it, as Cinder's failover_host records the backend it failed over to (os-services shows
     * it as the backend's active_backend_id). Null when they go to different targets, and for failback and
     * reprotect, whose destination is not a target.
     */
    private static String sharedTarget(FailoverRequested request, List<VolumeReplica> volumes) {
        if (request.action() != FailoverAction.FAILOVER) {
            return null;
        }
        Set<String> targets = volumes.stream().map(VolumeReplica::target).filter(Objects::nonNull)
                .collect(Collectors.toSet());
        return targets.size() == 1 ? targets.iterator().next() : null;
    }

    public boolean running() {
        return state == OperationState.RUNNING;
    }

    /** Takes the counts of its items; once none is pending the operation is complete, with errors if any failed. */
    public void counted(ItemCounts counts, Instant now) {
        done = counts.done();
        failed = counts.failed();
        if (counts.pending() == 0) {
            state = failed == 0 ? OperationState.COMPLETED : OperationState.COMPLETED_WITH_ERRORS;
            finishedAt = now;
        }
    }

    /** The event that announces this state, with the per-volume results that changed since the last one. */
    public OperationChanged changed(List<VolumesSwitched.Result> results) {
        return new OperationChanged(id, action, scope,
                Arrays.asList(resources.split(",")), target, state, reason, refusal, automatic, requestedBy, total,
                done, failed, plan, results, createdAt, finishedAt);
    }
}
