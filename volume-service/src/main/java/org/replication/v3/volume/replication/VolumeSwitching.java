package org.replication.v3.volume.replication;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.replication.v3.common.failover.FailoverAction;
import org.replication.v3.common.failover.SwitchVolumes;
import org.replication.v3.common.failover.VolumesSwitched;
import org.replication.v3.common.messaging.TopicNames;
import org.replication.v3.common.outbox.Outbox;
import org.replication.v3.common.replication.ReplicationMode;
import org.replication.v3.common.replication.ReplicationScope;
import org.replication.v3.common.replication.ReplicationStatus;
import org.replication.v3.common.replication.SyncTopology;
import org.replication.v3.volume.backend.Backend;
import org.replication.v3.volume.driver.FailoverResult;
import org.replication.v3.volume.driver.ReplicatedVolume;
import org.replication.v3.volume.driver.ReplicationDriver;
import org.replication.v3.volume.driver.ReplicationRequest;
import org.replication.v3.volume.driver.VolumeReplicationUpdate;
import org.replication.v3.volume.lifecycle.Volume;

/**
 * Switches a batch of volumes to their target or back, as the replication-service commands: one driver call for
 * the whole batch, one update per resulting status, one answer event. Batching is what lets thousands of volumes
 * fail over in seconds (Cinder saves each volume in its own transaction after the driver returns).
 */
@ApplicationScoped
public class VolumeSwitching {

    private static final Logger LOG = Logger.getLogger(VolumeSwitching.class);

    private final Vertx vertx;
    private final Outbox outbox;
    private final TopicNames topics;
    private final MeterRegistry registry;
    private final ReplicationMonitor monitor;

    /** What a switch left a volume in: its status and the side serving it (null: a failure, which leaves it). */
    private record Outcome(String status, String activeSide) {
    }

    public VolumeSwitching(Vertx vertx, Outbox outbox, TopicNames topics, MeterRegistry registry,
            ReplicationMonitor monitor) {
        this.vertx = vertx;
        this.outbox = outbox;
        this.topics = topics;
        this.registry = registry;
        this.monitor = monitor;
    }

    /**
     * Runs in the caller's transaction (with the inbox record of the command). A command redelivered after a crash
     * can come before the first replication tick: the pairs are restored first, or the driver would not know them.
     */
    public Uni<Void> switchVolumes(SwitchVolumes command, Backend backend) {
        return monitor.restoreOnce().chain(() -> switchRestored(command, backend));
    }

    private Uni<Void> switchRestored(SwitchVolumes command, Backend backend) {
        return Volume.<Volume>list("id in ?1", command.volumeIds()).flatMap(volumes -> {
            Map<String, Volume> byId = new LinkedHashMap<>();
            volumes.forEach(v -> byId.put(v.id, v));
            List<VolumesSwitched.Result> missing = new ArrayList<>();
            for (String id : command.volumeIds()) {
                if (!byId.containsKey(id) || byId.get(id).replicationStatus == null) {
                    missing.add(new VolumesSwitched.Result(id, ReplicationStatus.FAILOVER_ERROR.value(), 0, null,
                            "volume " + id + " is not a replicated volume of " + command.host()));
                }
            }
            List<ReplicatedVolume> replicated = byId.values().stream().filter(v -> v.replicationStatus != null)
                    .map(VolumeSwitching::describe).toList();
            ReplicationRequest request = new ReplicationRequest(ReplicationScope.VOLUME, command.operationId(),
                    command.target(), replicated, false, command.force(), command.changes());
            long started = System.nanoTime();
            return vertx.executeBlocking(Uni.createFrom().item(() -> drive(backend, command, request)), false)
                    .flatMap(result -> record(command, byId, result, missing, started));
        });
    }

    private static FailoverResult drive(Backend backend, SwitchVolumes command, ReplicationRequest request) {
        if (request.volumes().isEmpty()) {
            return new FailoverResult(command.target(), List.of());
        }
        if (backend.replication().isEmpty()) {
            return new FailoverResult(null, request.volumes().stream()
                    .map(v -> VolumeReplicationUpdate.failed(v.id(), ReplicationStatus.FAILOVER_ERROR,
                            "backend " + backend.name() + " does not replicate"))
                    .toList());
        }
        try {
            ReplicationDriver driver = backend.replication().get();
            return switch (command.action()) {
                case FAILOVER -> driver.failover(request);
                case FAILBACK -> driver.failback(request);
                case REPROTECT -> driver.reprotect(request);
            };
        } catch (RuntimeException e) {
            return new FailoverResult(null, request.volumes().stream()
                    .map(v -> VolumeReplicationUpdate.failed(v.id(), ReplicationStatus.FAILOVER_ERROR, e.getMessage()))
                    .toList());
        }
    }

    private Uni<Void> record(SwitchVolumes command, Map<String, Volume> byId, FailoverResult result,
            List<VolumesSwitched.Result> missing, long started) {
        Instant now = Instant.now();
        List<VolumesSwitched.Result> results = new ArrayList<>(missing);
        Map<Outcome, List<String>> byStatus = new LinkedHashMap<>();
        for (VolumeReplicationUpdate update : result.volumes()) {
            results.add(new VolumesSwitched.Result(update.volumeId(), update.status().value(), update.lostBytes(),
                    update.dataAsOf(), update.error(), update.fencedBy()));
            byStatus.computeIfAbsent(new Outcome(update.status().value(), activeSide(command, update)),
                    k -> new ArrayList<>()).add(update.volumeId());
        }
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Map.Entry<Outcome, List<String>> status : byStatus.entrySet()) {
            String side = status.getKey().activeSide();
            chain = chain.chain(() -> Panache.getSession().flatMap(session -> {
                var update = session.createMutationQuery("update Volume set replicationStatus = ?1, updatedAt = ?2"
                                + (side == null ? "" : ", replicationActiveSide = ?4") + " where id in ?3")
                        .setParameter(1, status.getKey().status()).setParameter(2, now)
                        .setParameter(3, status.getValue());
                return (side == null ? update : update.setParameter(4, side)).executeUpdate();
            }).replaceWithVoid());
        }
        long failed = results.stream().filter(r -> r.error() != null).count();
        return chain.chain(() -> outbox.add(topics.volumeEvents(), new VolumesSwitched(command.operationId(),
                        command.host(), command.action(), result.activeBackendId(), results)))
                .invoke(() -> {
                    registry.counter("replication.volumes.switched", "action", command.action().value())
                            .increment(results.size() - failed);
                    LOG.infof("operation %s: %s of %d volumes on %s in %d ms, %d failed", command.operationId(),
                            command.action().value(), results.size(), command.host(),
                            (System.nanoTime() - started) / 1_000_000, failed);
                })
                .replaceWithVoid();
    }

    /**
     * The side a successful switch leaves serving, persisted with the status so that a restart restores it: a
     * failover and a reprotect leave the target serving, a failback the primary. Null for a failed volume.
     */
    private static String activeSide(SwitchVolumes command, VolumeReplicationUpdate update) {
        if (update.error() != null) {
            return null;
        }
        return command.action() == FailoverAction.FAILBACK ? Volume.PRIMARY_SIDE : Volume.SECONDARY_SIDE;
    }

    private static ReplicatedVolume describe(Volume volume) {
        return new ReplicatedVolume(volume.id, volume.sizeGb, volume.pool, ReplicationMode.of(volume.replicationMode),
                volume.replicationSyncTopology == null ? null : SyncTopology.of(volume.replicationSyncTopology),
                volume.replicationMediator, volume.replicationRpoSeconds);
    }
}
