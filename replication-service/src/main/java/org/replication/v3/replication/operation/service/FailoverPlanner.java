package org.replication.v3.replication.operation.service;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.replication.v3.common.failover.FailbackChanges;
import org.replication.v3.common.failover.FailoverAction;
import org.replication.v3.common.failover.FailoverRequested;
import org.replication.v3.common.failover.OperationChanged;
import org.replication.v3.common.replication.FailoverExpectations;
import org.replication.v3.common.replication.ReplicationScope;
import org.replication.v3.common.replication.ReplicationStatus;
import org.replication.v3.replication.operation.FailoverPlan;
import org.replication.v3.replication.volume.VolumeReplica;

/**
 * Plans a failover, failback or reprotect of a volume, group, pool or backend: turns a request and the volumes its
 * scope holds into which volumes switch, through which workflow, and what it costs (data loss and downtime); or a
 * refusal that says why. Pure: {@link FailoverOperations} loads the volumes and persists the result.
 * <p>
 * How a scope becomes volumes (resolved by {@code ReplicatedVolumes.inScope} before this is called): VOLUME names
 * volume ids, and every one must be replicated; GROUP names group ids and takes the group's members as its
 * backend last announced them; POOL names {@code host@backend#pool} and takes every replicated volume of that
 * pool; BACKEND names {@code host@backend} and takes every replicated volume of the backend, across its pools.
 * Volumes already where the action leads are left out (a failover skips failed-over and reprotected ones); when
 * none is left the request is refused.
 * <p>
 * What it costs: a reprotect loses nothing and stops nothing; a failback loses nothing unless it discards the
 * target's changes; a failover loses nothing when every volume is sync, at most the largest RPO when some are
 * async with an RPO (unknown without one), and is automatic (no downtime beyond the mediator's) only when every
 * volume is sync with a mediator.
 */
public final class FailoverPlanner {

    private FailoverPlanner() {
    }

    /**
     * @param inScope     every replicated volume the request's scope names, whatever its status
     * @param overlapping the running operation already switching one of them, or null
     */
    public static FailoverPlan plan(FailoverRequested request, List<VolumeReplica> inScope, String overlapping) {
        String where = request.scope().value() + " " + String.join(", ", request.resources());
        if (request.scope() == ReplicationScope.VOLUME) {
            Set<String> known = inScope.stream().map(v -> v.volumeId()).collect(Collectors.toSet());
            List<String> unknown = request.resources().stream().filter(id -> !known.contains(id)).toList();
            if (!unknown.isEmpty()) {
                return FailoverPlan.refused("volume " + String.join(", ", unknown) + " is not replicated");
            }
        }
        String refusal = refusal(request, inScope);
        if (refusal != null) {
            return FailoverPlan.refused(refusal);
        }
        List<VolumeReplica> switching = inScope.stream().filter(v -> switches(request.action(), v)).toList();
        if (switching.isEmpty()) {
            if (inScope.isEmpty()) {
                return FailoverPlan.refused("no replicated volume in " + where);
            }
            if (request.action() == FailoverAction.FAILOVER && inScope.stream().anyMatch(VolumeReplica::disabled)) {
                return FailoverPlan.refused("replication is disabled for the volumes of " + where
                        + " that are not failed over yet: enable it first");
            }
            if (request.action() == FailoverAction.REPROTECT && !inScope.stream().allMatch(
                    VolumeReplica::reprotected)) {
                return FailoverPlan.refused("no failed-over volume in " + where
                        + ": only failed-over volumes can be reprotected");
            }
            return FailoverPlan.refused("every replicated volume in " + where + " is already "
                    + switchedState(request.action()));
        }
        if (request.target() != null) {
            List<String> elsewhere = switching.stream().filter(v -> !request.target().equals(v.target()))
                    .map(v -> v.volumeId() + " (replicates to " + v.target() + ")").toList();
            if (!elsewhere.isEmpty()) {
                return FailoverPlan.refused("target " + request.target() + " is not the replication target of "
                        + String.join(", ", elsewhere));
            }
        }
        if (overlapping != null) {
            return FailoverPlan.refused("overlaps running operation " + overlapping);
        }
        return new FailoverPlan(switching, plan(request, switching), null);
    }

    /**
     * Whether a volume still needs the action. A failover leaves the volumes its target already serves (failed
     * over, or reprotected); a failback takes every volume not back at its primary; a reprotect, the failed-over
     * ones.
     */
    private static boolean switches(FailoverAction action, VolumeReplica volume) {
        return switch (action) {
            case FAILOVER -> !volume.failedOver() && !volume.reprotected() && !volume.disabled();
            case FAILBACK -> !volume.atPrimary();
            case REPROTECT -> volume.failedOver();
        };
    }

    private static String switchedState(FailoverAction action) {
        return switch (action) {
            case FAILOVER -> ReplicationStatus.FAILED_OVER.value();
            case FAILBACK -> ReplicationStatus.ENABLED.value();
            case REPROTECT -> "reprotected";
        };
    }

    /**
     * What makes a request impossible as a whole: a reprotect of volumes that were not failed over, or a
     * failback discarding changes that a reprotect has already replicated to the primary.
     */
    private static String refusal(FailoverRequested request, List<VolumeReplica> inScope) {
        if (request.action() == FailoverAction.REPROTECT) {
            List<String> notFailedOver = inScope.stream()
                    .filter(v -> !v.failedOver() && !v.reprotected())
                    .map(v -> v.volumeId() + " (" + v.replicationStatus() + ")").toList();
            if (request.scope() == ReplicationScope.VOLUME && !notFailedOver.isEmpty()) {
                return "only failed-over volumes can be reprotected: " + String.join(", ", notFailedOver);
            }
        }
        if (request.action() == FailoverAction.FAILBACK && request.changes() == FailbackChanges.DISCARD) {
            List<String> reprotected = inScope.stream().filter(VolumeReplica::reprotected)
                    .map(v -> v.volumeId()).toList();
            if (!reprotected.isEmpty()) {
                return "cannot discard the target's changes of reprotected volume " + String.join(", ", reprotected)
                        + ": the primary already holds them; fail back with changes=keep";
            }
        }
        return null;
    }

    private static OperationChanged.Plan plan(FailoverRequested request, List<VolumeReplica> volumes) {
        Map<String, Integer> byBackend = new TreeMap<>();
        volumes.forEach(v -> byBackend.merge(v.backendHost(), 1, Integer::sum));
        String workflow = workflow(request, volumes.size(), byBackend.size());
        if (request.action() == FailoverAction.REPROTECT) {
            // The target keeps serving: nothing it holds is lost and nothing stops.
            return new OperationChanged.Plan(workflow, byBackend, FailoverExpectations.DataLoss.NONE, null,
                    null);
        }
        if (request.action() == FailoverAction.FAILBACK) {
            // Discard drops what the target wrote while failed over, however much that is.
            return new OperationChanged.Plan(workflow, byBackend, (request.changes() == FailbackChanges.DISCARD
                    ? FailoverExpectations.DataLoss.UNKNOWN : FailoverExpectations.DataLoss.NONE), null,
                    FailoverExpectations.Downtime.MANUAL_FAILOVER);
        }
        Integer maxRpo = volumes.stream().filter(VolumeReplica::async)
                .map(v -> v.rpoSeconds()).filter(Objects::nonNull).max(Integer::compare).orElse(null);
        boolean anyAsync = volumes.stream().anyMatch(VolumeReplica::async);
        boolean allMediated = volumes.stream().allMatch(VolumeReplica::mediator);
        FailoverExpectations.DataLoss loss = !anyAsync ? FailoverExpectations.DataLoss.NONE
                : maxRpo == null ? FailoverExpectations.DataLoss.UNKNOWN : FailoverExpectations.DataLoss.BOUNDED_BY_RPO;
        return new OperationChanged.Plan(workflow, byBackend, loss, anyAsync ? maxRpo : null,
                (allMediated && !anyAsync ? FailoverExpectations.Downtime.AUTOMATIC_FAILOVER
                        : FailoverExpectations.Downtime.MANUAL_FAILOVER));
    }

    private static String workflow(FailoverRequested request, int volumes, int backends) {
        String verb = switch (request.action()) {
            case FAILOVER -> "fail over";
            case FAILBACK -> "fail back";
            case REPROTECT -> "reprotect";
        };
        String calls = backends == 1 ? "one driver call" : "one driver call per backend (" + backends + ")";
        String tail = switch (request.action()) {
            case FAILOVER -> "";
            case FAILBACK -> request.changes() == FailbackChanges.KEEP
                    ? "; each primary first gets what was written on the target, discarding what it had not passed on"
                    : "; the changes made on the target are discarded: each primary's data as it was wins";
            case REPROTECT -> "; each old primary gets what it lacks from the target and becomes its replica,"
                    + " the target serving on";
        };
        return switch (request.scope()) {
            case BACKEND -> "backend " + verb + ": the backend's " + volumes + " replicated volumes in " + calls
                    + (request.action() == FailoverAction.REPROTECT ? "" : ", then the service is marked "
                    + (request.action() == FailoverAction.FAILOVER ? "failed-over with its active backend"
                    : "enabled again")) + tail;
            case POOL -> "pool " + verb + ": the pool's " + volumes + " replicated volumes in " + calls + tail;
            case GROUP -> "group " + verb + ": the group's " + volumes + " volumes together, in " + calls
                    + " (crash-consistent)" + tail;
            case VOLUME -> "volume " + verb + ": " + volumes + " volume(s) in " + calls + tail;
        };
    }
}
