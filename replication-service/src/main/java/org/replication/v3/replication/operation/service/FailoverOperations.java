package org.replication.v3.replication.operation.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jboss.logging.Logger;
import org.replication.v3.common.failover.FailoverAction;
import org.replication.v3.common.failover.FailoverRequested;
import org.replication.v3.common.failover.SwitchVolumes;
import org.replication.v3.common.failover.VolumesSwitched;
import org.replication.v3.common.messaging.TopicNames;
import org.replication.v3.common.outbox.Outbox;
import org.replication.v3.common.replication.ReplicationStatus;
import org.replication.v3.replication.capability.service.CapabilityReports;
import org.replication.v3.replication.config.ReplicationConfig;
import org.replication.v3.replication.operation.FailoverPlan;
import org.replication.v3.replication.operation.Operation;
import org.replication.v3.replication.operation.repository.OperationItems;
import org.replication.v3.replication.volume.VolumeReplica;
import org.replication.v3.replication.volume.repository.ReplicatedVolumes;

/**
 * Runs failover, failback and reprotect operations of a volume, group, pool or backend (Cinder's failover_host,
 * failover_replication, and the replication API's scopes).
 * <p>
 * Start, in the transaction of the request's inbox row: load the volumes the scope holds, plan (see
 * {@link FailoverPlanner}: a VOLUME scope names volume ids, GROUP group ids, POOL {@code host@backend#pool},
 * BACKEND {@code host@backend}), check the plan against each backend's last capability report, record the
 * operation and one pending item per volume, mark the volumes failing-over, and send one {@link SwitchVolumes} per
 * backend and scope unit, chunked by {@code replication.switch-batch-size}. The command names the scope and its id
 * (the group, the pool, the backend, or the one volume named) so the driver is told what the operator failed over.
 * <p>
 * Apply, once per answer: settle the items of one backend's {@link VolumesSwitched}, record the volumes' new
 * status, recount the items, and announce the operation's state. Every step is an event, so the API and operators
 * follow along.
 */
@ApplicationScoped
public class FailoverOperations {

    private static final Logger LOG = Logger.getLogger(FailoverOperations.class);

    @Inject
    Outbox outbox;
    @Inject
    TopicNames topics;
    @Inject
    MeterRegistry registry;
    @Inject
    ReplicationConfig config;
    @Inject
    CapabilityReports reports;
    @Inject
    ReplicatedVolumes volumes;
    @Inject
    OperationItems items;

    /** Plans and starts (or refuses, or only plans) a request once; runs in the caller's transaction. */
    public Uni<Void> start(FailoverRequested request) {
        return Operation.<Operation>findById(request.operationId()).flatMap(existing -> existing != null
                ? Uni.createFrom().voidItem()
                : plan(request).flatMap(plan -> record(request, plan)));
    }

    /** Load, then plan: the volumes in scope, the operation already switching one of them, the backends' reports. */
    private Uni<FailoverPlan> plan(FailoverRequested request) {
        return volumes.inScope(request.scope(), request.resources()).flatMap(inScope -> items
                .pendingOperationOf(inScope.stream().map(VolumeReplica::volumeId).toList())
                .map(overlapping -> FailoverPlanner.plan(request, inScope, overlapping))
                .flatMap(plan -> checkedAgainstReports(request, plan)));
    }

    /**
     * A plan that the backends' last reports say cannot run becomes a refusal that says why; a forced failover
     * runs despite a silent volume-service or an unreached target, and its plan says so.
     */
    private Uni<FailoverPlan> checkedAgainstReports(FailoverRequested request, FailoverPlan plan) {
        if (plan.isRefused()) {
            return Uni.createFrom().item(plan);
        }
        Set<String> backends = new TreeSet<>();
        plan.volumes().forEach(v -> backends.add(v.backendHost()));
        return reports.of(backends).map(found -> {
            TargetCheck.Verdict verdict = TargetCheck.check(request, plan.volumes(), found, Instant.now(),
                    config.backendDownAfter());
            if (verdict.refusal() != null) {
                return FailoverPlan.refused(verdict.refusal());
            }
            verdict.warnings().forEach(warning -> LOG.warnf("operation %s: forced (%s) despite: %s",
                    request.operationId(), request.reason(), warning));
            return verdict.warnings().isEmpty() ? plan : plan.withWarnings(verdict.warnings());
        });
    }

    /** Record, then send: the operation and its items, the volumes marked switching, the commands, the event. */
    private Uni<Void> record(FailoverRequested request, FailoverPlan plan) {
        Operation operation = Operation.requested(request, plan, Instant.now());
        // flushed at once: the items inserted next by plain SQL reference the operation row
        Uni<Void> work = operation.persistAndFlush().replaceWithVoid();
        if (operation.running()) {
            List<String> ids = plan.volumes().stream().map(VolumeReplica::volumeId).toList();
            work = work.chain(() -> items.insertPending(operation.id, plan.volumes()))
                    .chain(() -> volumes.markSwitching(ids))
                    .chain(() -> sendSwitches(request, plan.volumes()));
        }
        return work.chain(() -> announce(operation, List.of())).invoke(() -> {
            registry.counter("replication.operations", "action", operation.action.value(), "state", operation.state.value())
                    .increment();
            LOG.infof("operation %s: %s %s %s: %s%s", operation.id, operation.action.value(), operation.scope.value(),
                    operation.resources, operation.state.value(), plan.isRefused() ? " (" + plan.refusal() + ")"
                            : ", " + plan.volumes().size() + " volumes");
        });
    }

    /**
     * One command per backend and scope unit (a group, a pool), each chunk of at most the batch size: a driver
     * call never mixes two groups, so each group still switches together.
     */
    private Uni<Void> sendSwitches(FailoverRequested request, List<VolumeReplica> switching) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (List<VolumeReplica> unit : unitsOf(request, switching)) {
            VolumeReplica first = unit.get(0);
            List<String> ids = unit.stream().map(VolumeReplica::volumeId).toList();
            for (List<String> chunk : chunks(ids, config.switchBatchSize())) {
                SwitchVolumes command = new SwitchVolumes(request.operationId(), first.backendHost(),
                        request.action(), request.target(), request.force(), chunk, request.changes(),
                        request.scope(), scopeId(request, first));
                chain = chain.chain(() -> outbox.add(topics.volumeCommands(), command).replaceWithVoid());
            }
        }
        return chain;
    }

    /** The volumes grouped by backend and scope unit, in the order the plan lists them. */
    private static List<List<VolumeReplica>> unitsOf(FailoverRequested request, List<VolumeReplica> switching) {
        Map<List<String>, List<VolumeReplica>> units = new LinkedHashMap<>();
        switching.forEach(v -> units.computeIfAbsent(Arrays.asList(v.backendHost(), scopeId(request, v)),
                k -> new ArrayList<>()).add(v));
        return List.copyOf(units.values());
    }

    /**
     * What the driver is told the operator failed over: the group id, host@backend#pool, host@backend, or for
     * volume scope the volume id when the request named one volume (null for several: they are the unit).
     */
    static String scopeId(FailoverRequested request, VolumeReplica volume) {
        return switch (request.scope()) {
            case GROUP -> volume.groupId();
            case POOL -> volume.host();
            case BACKEND -> volume.backendHost();
            case VOLUME -> request.resources().size() == 1 ? request.resources().get(0) : null;
        };
    }

    /** Applies one backend's results, once: items already settled (a redelivery) are left alone. */
    public Uni<Void> apply(VolumesSwitched switched) {
        return Operation.<Operation>findById(switched.operationId()).flatMap(operation -> {
            if (operation == null || !operation.running()) {
                return Uni.createFrom().voidItem();
            }
            return items.settle(switched)
                    .chain(() -> recordStatuses(switched))
                    .chain(() -> items.countByState(operation.id))
                    .invoke(counts -> operation.counted(counts, Instant.now()))
                    .chain(() -> announce(operation, switched.results()))
                    .invoke(() -> LOG.infof("operation %s: %s answered for %d volumes (%d/%d done, %d failed): %s",
                            operation.id, switched.host(), switched.results().size(), operation.done,
                            operation.total, operation.failed, operation.state.value()));
        });
    }

    /** One statement per resulting status; a failed-over or reprotected volume is served by its target. */
    private Uni<Void> recordStatuses(VolumesSwitched switched) {
        Map<ReplicationStatus, List<String>> byStatus = new LinkedHashMap<>();
        switched.results().forEach(r -> byStatus.computeIfAbsent(r.replicationStatus(), k -> new ArrayList<>())
                .add(r.volumeId()));
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Map.Entry<ReplicationStatus, List<String>> status : byStatus.entrySet()) {
            // A reprotected volume is enabled again, but served by its target.
            String active = status.getKey() == ReplicationStatus.FAILED_OVER
                    || switched.action() == FailoverAction.REPROTECT ? switched.activeBackendId() : null;
            chain = chain.chain(() -> volumes.markSwitched(status.getKey(), active, status.getValue()));
        }
        return chain;
    }

    private Uni<Void> announce(Operation operation, List<VolumesSwitched.Result> results) {
        return outbox.add(topics.replicationEvents(), operation.changed(results)).replaceWithVoid();
    }

    private static <T> List<List<T>> chunks(List<T> all, int size) {
        List<List<T>> chunks = new ArrayList<>();
        for (int i = 0; i < all.size(); i += size) {
            chunks.add(all.subList(i, Math.min(all.size(), i + size)));
        }
        return chunks;
    }
}
