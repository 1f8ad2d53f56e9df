package org.replication.v3.replication.operation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.replication.v3.common.failover.FailoverAction;
import org.replication.v3.common.failover.FailoverRequested;
import org.replication.v3.common.failover.OperationChanged;
import org.replication.v3.common.failover.OperationState;
import org.replication.v3.common.failover.SwitchVolumes;
import org.replication.v3.common.failover.VolumesSwitched;
import org.replication.v3.common.messaging.TopicNames;
import org.replication.v3.common.outbox.Outbox;
import org.replication.v3.common.replication.ReplicationScope;
import org.replication.v3.common.replication.ReplicationStatus;
import org.replication.v3.replication.capability.CapabilityReports;
import org.replication.v3.replication.volume.ReplicatedVolume;

/**
 * Runs failover operations: plans a request, records the operation with one item per volume and sends one
 * {@link SwitchVolumes} per backend (chunked), all in one transaction; then applies each backend's
 * {@link VolumesSwitched} answer as one batch. Every step is an event, so the API and operators follow along.
 */
@ApplicationScoped
public class Operations {

    private static final Logger LOG = Logger.getLogger(Operations.class);

    private final Outbox outbox;
    private final TopicNames topics;
    private final ObjectMapper json;
    private final MeterRegistry registry;
    private final int switchBatch;
    private final CapabilityReports reports;
    private final Duration backendDownAfter;

    public Operations(Outbox outbox, TopicNames topics, ObjectMapper json, MeterRegistry registry,
            @ConfigProperty(name = "replication.switch-batch-size") int switchBatch, CapabilityReports reports,
            @ConfigProperty(name = "replication.backend-down-after") Duration backendDownAfter) {
        this.outbox = outbox;
        this.topics = topics;
        this.json = json;
        this.registry = registry;
        this.switchBatch = switchBatch;
        this.reports = reports;
        this.backendDownAfter = backendDownAfter;
    }

    /** Plans and starts (or refuses, or only plans) a request; runs in the caller's transaction. */
    public Uni<Void> start(FailoverRequested request) {
        return Operation.<Operation>findById(request.operationId()).flatMap(existing -> {
            if (existing != null) {
                return Uni.createFrom().voidItem();
            }
            return inScope(request).flatMap(volumes -> overlapping(volumes)
                    .flatMap(overlap -> checkedAgainstReports(request, FailoverPlanner.plan(request, volumes, overlap)))
                    .flatMap(plan -> {
                Operation operation = record(request, plan);
                // flushed at once: the items inserted next by native SQL reference the operation row
                Uni<Void> work = operation.persistAndFlush().replaceWithVoid();
                if (Operation.RUNNING.equals(operation.state)) {
                    work = work.chain(() -> insertItems(operation.id, plan.volumes()))
                            .chain(() -> markSwitching(operation.id))
                            .chain(() -> sendSwitches(request, plan.volumes()));
                }
                return work.chain(() -> announce(operation, List.of())).invoke(() -> {
                    registry.counter("replication.operations", "action", operation.action, "state", operation.state)
                            .increment();
                    LOG.infof("operation %s: %s %s %s: %s%s", operation.id, operation.action, operation.scope,
                            operation.resources, operation.state, plan.isRefused() ? " (" + plan.refusal() + ")"
                                    : ", " + plan.volumes().size() + " volumes");
                });
            }));
        });
    }

    /** A plan that the backends' last reports say cannot run becomes a refusal that says why. */
    private Uni<FailoverPlan> checkedAgainstReports(FailoverRequested request, FailoverPlan plan) {
        if (plan.isRefused()) {
            return Uni.createFrom().item(plan);
        }
        Set<String> backends = new TreeSet<>();
        plan.volumes().forEach(v -> backends.add(v.backendHost));
        return reports.of(backends).map(found -> {
            String refusal = TargetCheck.refusal(request, plan.volumes(), found, Instant.now(), backendDownAfter);
            return refusal == null ? plan : FailoverPlan.refused(refusal);
        });
    }

    /** Applies one backend's results, once: items already settled (a redelivery) are left alone. */
    public Uni<Void> apply(VolumesSwitched switched) {
        return Operation.<Operation>findById(switched.operationId()).flatMap(operation -> {
            if (operation == null || !Operation.RUNNING.equals(operation.state)) {
                return Uni.createFrom().voidItem();
            }
            return settleItems(switched).chain(() -> updateVolumes(switched)).chain(() -> recount(operation))
                    .chain(() -> announce(operation, switched.results()))
                    .invoke(() -> LOG.infof("operation %s: %s answered for %d volumes (%d/%d done, %d failed): %s",
                            operation.id, switched.host(), switched.results().size(), operation.done, operation.total,
                            operation.failed, operation.state));
        });
    }

    /*
     * Read as plain rows, not managed entities: a backend of 10,000 volumes would otherwise fill the session with
     * entities that Hibernate dirty-checks at every flush of the operation's transaction, and nothing here changes
     * them one by one.
     */
    private static Uni<List<ReplicatedVolume>> inScope(FailoverRequested request) {
        String column = switch (request.scope()) {
            case VOLUME -> "volume_id";
            case GROUP -> "group_id";
            case POOL -> "host";
            case BACKEND -> "backend_host";
        };
        return Panache.getSession().flatMap(session -> session.createNativeQuery("select volume_id, host,"
                        + " backend_host, group_id, mode, target, mediator, rpo_seconds, replication_status,"
                        + " active_backend_id from replicated_volume where " + column + " = any(cast(?1 as text[]))",
                        Object[].class)
                .setParameter(1, request.resources().toArray(String[]::new))
                .getResultList())
                .map(rows -> rows.stream().map(Operations::volume).toList());
    }

    private static ReplicatedVolume volume(Object[] row) {
        ReplicatedVolume volume = new ReplicatedVolume();
        volume.volumeId = (String) row[0];
        volume.host = (String) row[1];
        volume.backendHost = (String) row[2];
        volume.groupId = (String) row[3];
        volume.mode = (String) row[4];
        volume.target = (String) row[5];
        volume.mediator = (Boolean) row[6];
        volume.rpoSeconds = row[7] == null ? null : ((Number) row[7]).intValue();
        volume.replicationStatus = (String) row[8];
        volume.activeBackendId = (String) row[9];
        return volume;
    }

    private static Uni<String> overlapping(List<ReplicatedVolume> volumes) {
        if (volumes.isEmpty()) {
            return Uni.createFrom().nullItem();
        }
        return Panache.getSession().flatMap(session -> session.createNativeQuery(
                        "select operation_id from operation_item where state = 'pending'"
                                + " and volume_id = any(cast(?1 as text[])) limit 1", String.class)
                .setParameter(1, volumeIds(volumes))
                .getResultList())
                .map(ids -> ids.isEmpty() ? null : ids.get(0));
    }

    private Operation record(FailoverRequested request, FailoverPlan plan) {
        Operation operation = new Operation();
        operation.id = request.operationId();
        operation.action = request.action().value();
        operation.scope = request.scope().value();
        operation.resources = String.join(",", request.resources());
        operation.target = request.target() != null ? request.target() : sharedTarget(request, plan.volumes());
        operation.force = request.force();
        operation.reason = request.reason();
        operation.requestedBy = request.requestedBy();
        operation.automatic = request.automatic();
        operation.dryRun = request.dryRun();
        operation.createdAt = Instant.now();
        operation.total = plan.volumes().size();
        operation.refusal = plan.refusal();
        operation.plan = plan.plan() == null ? null : toJson(plan.plan());
        operation.state = plan.isRefused() ? Operation.REFUSED : request.dryRun() ? Operation.PLANNED
                : Operation.RUNNING;
        if (!Operation.RUNNING.equals(operation.state)) {
            operation.finishedAt = operation.createdAt;
        }
        return operation;
    }

    /**
     * A failover that names no target sends each volume to its configured one; the operation names that target
     * when they all share it, as Cinder's failover_host records the backend it failed over to (os-services shows
     * it as the backend's active_backend_id). Null when they go to different targets, and for failback and
     * reprotect, whose destination is not a target.
     */
    private static String sharedTarget(FailoverRequested request, List<ReplicatedVolume> volumes) {
        if (request.action() != FailoverAction.FAILOVER) {
            return null;
        }
        Set<String> targets = volumes.stream().map(v -> v.target).filter(Objects::nonNull)
                .collect(Collectors.toSet());
        return targets.size() == 1 ? targets.iterator().next() : null;
    }

    /*
     * Arrays rather than a placeholder per volume: one statement whatever the size, so that 10,000 volumes cost
     * what 10 do in round trips and the statement never reaches the protocol's limit on parameters.
     */
    private static Uni<Void> insertItems(String operationId, List<ReplicatedVolume> volumes) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(
                        "insert into operation_item (operation_id, volume_id, backend_host, state)"
                                + " select ?1, v.volume_id, v.backend_host, 'pending'"
                                + " from unnest(cast(?2 as text[]), cast(?3 as text[])) as v(volume_id, backend_host)")
                .setParameter(1, operationId)
                .setParameter(2, volumeIds(volumes))
                .setParameter(3, volumes.stream().map(v -> v.backendHost).toArray(String[]::new))
                .executeUpdate())
                .replaceWithVoid();
    }

    /** Cinder has one transient status for both directions: failing-over. */
    private static Uni<Void> markSwitching(String operationId) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(
                        "update replicated_volume set replication_status = ?1, updated_at = now() where volume_id in"
                                + " (select volume_id from operation_item where operation_id = ?2)")
                .setParameter(1, ReplicationStatus.FAILING_OVER.value()).setParameter(2, operationId)
                .executeUpdate()).replaceWithVoid();
    }

    private Uni<Void> sendSwitches(FailoverRequested request, List<ReplicatedVolume> volumes) {
        Map<String, List<String>> byBackend = new LinkedHashMap<>();
        volumes.forEach(v -> byBackend.computeIfAbsent(v.backendHost, k -> new ArrayList<>()).add(v.volumeId));
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Map.Entry<String, List<String>> backend : byBackend.entrySet()) {
            for (List<String> chunk : chunks(backend.getValue(), switchBatch)) {
                SwitchVolumes command = new SwitchVolumes(request.operationId(), backend.getKey(), request.action(),
                        request.target(), request.force(), chunk, request.changes(), request.scope(),
                        scopeId(request));
                chain = chain.chain(() -> outbox.add(topics.volumeCommands(), command).replaceWithVoid());
            }
        }
        return chain;
    }

    private static Uni<Void> settleItems(VolumesSwitched switched) {
        List<VolumesSwitched.Result> results = switched.results();
        if (results.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Panache.getSession().flatMap(session -> session.createNativeQuery("update operation_item i set"
                        + " state = case when v.error is null then 'done' else 'failed' end,"
                        + " replication_status = v.status, lost_bytes = v.lost, error = v.error"
                        + " from unnest(cast(?2 as text[]), cast(?3 as text[]), cast(?4 as bigint[]),"
                        + " cast(?5 as text[])) as v(volume_id, status, lost, error)"
                        + " where i.operation_id = ?1 and i.volume_id = v.volume_id and i.state = 'pending'")
                .setParameter(1, switched.operationId())
                .setParameter(2, results.stream().map(VolumesSwitched.Result::volumeId).toArray(String[]::new))
                .setParameter(3, results.stream().map(VolumesSwitched.Result::replicationStatus)
                        .toArray(String[]::new))
                .setParameter(4, results.stream().map(VolumesSwitched.Result::lostBytes).toArray(Long[]::new))
                .setParameter(5, results.stream().map(VolumesSwitched.Result::error).toArray(String[]::new))
                .executeUpdate())
                .replaceWithVoid();
    }

    private static Uni<Void> updateVolumes(VolumesSwitched switched) {
        Map<String, List<String>> byStatus = new LinkedHashMap<>();
        switched.results().forEach(r -> byStatus.computeIfAbsent(r.replicationStatus().value(), k -> new ArrayList<>())
                .add(r.volumeId()));
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Map.Entry<String, List<String>> group : byStatus.entrySet()) {
            // A reprotected volume is enabled again, but served by its target.
            String active = ReplicationStatus.FAILED_OVER.value().equals(group.getKey())
                    || switched.action() == FailoverAction.REPROTECT ? switched.activeBackendId() : null;
            chain = chain.chain(() -> Panache.getSession().flatMap(session -> session.createNativeQuery(
                            "update replicated_volume set replication_status = ?1,"
                                    + " active_backend_id = cast(?2 as text), updated_at = now()"
                                    + " where volume_id = any(cast(?3 as text[]))")
                    .setParameter(1, group.getKey()).setParameter(2, active)
                    .setParameter(3, group.getValue().toArray(String[]::new)).executeUpdate()).replaceWithVoid());
        }
        return chain;
    }

    private static Uni<Void> recount(Operation operation) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(
                        "select state, count(*) from operation_item where operation_id = ?1 group by state",
                        Object[].class)
                .setParameter(1, operation.id).getResultList())
                .invoke(rows -> {
                    int done = 0;
                    int failed = 0;
                    int pending = 0;
                    for (Object[] row : rows) {
                        int count = ((Number) row[1]).intValue();
                        switch ((String) row[0]) {
                            case "done" -> done = count;
                            case "failed" -> failed = count;
                            default -> pending += count;
                        }
                    }
                    operation.done = done;
                    operation.failed = failed;
                    if (pending == 0) {
                        operation.state = failed == 0 ? Operation.COMPLETED : Operation.COMPLETED_WITH_ERRORS;
                        operation.finishedAt = Instant.now();
                    }
                })
                .replaceWithVoid();
    }

    private Uni<Void> announce(Operation operation, List<VolumesSwitched.Result> results) {
        return outbox.add(topics.replicationEvents(), new OperationChanged(operation.id,
                FailoverAction.of(operation.action), ReplicationScope.of(operation.scope),
                Arrays.asList(operation.resources.split(",")), operation.target, OperationState.of(operation.state), operation.reason,
                operation.refusal, operation.automatic, operation.requestedBy, operation.total, operation.done,
                operation.failed, operation.plan == null ? null : fromJson(operation.plan), results,
                operation.createdAt, operation.finishedAt)).replaceWithVoid();
    }

    private static String[] volumeIds(List<ReplicatedVolume> volumes) {
        return volumes.stream().map(v -> v.volumeId).toArray(String[]::new);
    }

    private static <T> List<List<T>> chunks(List<T> items, int size) {
        List<List<T>> chunks = new ArrayList<>();
        for (int i = 0; i < items.size(); i += size) {
            chunks.add(items.subList(i, Math.min(items.size(), i + size)));
        }
        return chunks;
    }

    private String toJson(OperationChanged.Plan plan) {
        try {
            return json.writeValueAsString(plan);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a plan always serializes", e);
        }
    }

    private OperationChanged.Plan fromJson(String plan) {
        try {
            return json.readValue(plan, OperationChanged.Plan.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored plan unreadable: " + plan, e);
        }
    }

    /** The unit the driver is told about: the one resource named, or null for several volumes (they are the unit). */
    private static String scopeId(FailoverRequested request) {
        return request.resources().size() == 1 ? request.resources().get(0) : null;
    }
}
