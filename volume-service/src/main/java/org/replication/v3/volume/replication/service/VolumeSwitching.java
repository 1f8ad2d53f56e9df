package org.replication.v3.volume.replication.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.replication.v3.volume.assignment.repository.BackendLeases;
import org.replication.v3.common.failover.FailoverAction;
import org.replication.v3.common.failover.SwitchVolumes;
import org.replication.v3.common.failover.VolumesSwitched;
import org.replication.v3.common.messaging.EventCodec;
import org.replication.v3.common.messaging.EventEnvelope;
import org.replication.v3.common.messaging.TopicNames;
import org.replication.v3.common.outbox.Outbox;
import org.replication.v3.common.outbox.OutboxRelay;
import org.replication.v3.common.replication.ReplicationStatus;
import org.replication.v3.volume.backend.Backend;
import org.replication.v3.volume.backend.Backends;
import org.replication.v3.volume.backend.DriverCalls;
import org.replication.v3.volume.driver.FailoverResult;
import org.replication.v3.volume.driver.ReplicatedVolume;
import org.replication.v3.volume.driver.ReplicationDriver;
import org.replication.v3.volume.driver.ReplicationRequest;
import org.replication.v3.volume.driver.VolumeReplicationUpdate;
import org.replication.v3.volume.lifecycle.Volume;
import org.replication.v3.volume.lifecycle.repository.Volumes;
import org.replication.v3.volume.replication.SwitchWork;
import org.replication.v3.volume.replication.SwitchWorkState;
import org.replication.v3.volume.replication.repository.SwitchWorks;

/**
 * Switches a batch of volumes to their target or back, as the replication-service commands. The command is only
 * recorded when it arrives ({@link #accept}); its backend's {@link SwitchWorker} then switches it a chunk at a
 * time: one driver call per chunk, one update per resulting status, one answer event per chunk. Batching is what
 * lets thousands of volumes fail over in seconds (Cinder saves each volume in its own transaction after the driver
 * returns); chunking is what lets their results flow while a long failback runs.
 */
@ApplicationScoped
public class VolumeSwitching {

    private static final Logger LOG = Logger.getLogger(VolumeSwitching.class);

    @Inject
    DriverCalls driver;
    @Inject
    Outbox outbox;
    @Inject
    TopicNames topics;
    @Inject
    MeterRegistry registry;
    @Inject
    OutboxRelay relay;
    @Inject
    EventCodec codec;
    @Inject
    SwitchWorks works;
    @Inject
    Volumes volumes;
    @Inject
    BackendLeases leases;
    @Inject
    Backends backends;
    @ConfigProperty(name = "volume.instance")
    String instance;

    /** What a switch left a volume in: its status and the side serving it (null: a failure, which leaves it). */
    private record Outcome(ReplicationStatus status, String activeSide) {
    }

    /**
     * Records the command as tracked work, in the caller's transaction (with the inbox record of the command): the
     * command is acknowledged at once and the backend's {@link SwitchWorker} switches the volumes afterwards.
     */
    public Uni<Void> accept(SwitchVolumes command, Backend backend, EventEnvelope record) {
        SwitchWork work = new SwitchWork();
        work.id = record.id();
        work.operationId = command.operationId();
        work.backend = backend.name();
        work.action = command.action();
        work.command = codec.encode(record);
        work.state = SwitchWorkState.PENDING;
        work.volumesTotal = command.volumeIds().size();
        work.createdAt = Instant.now();
        work.updatedAt = work.createdAt;
        // Worded unlike the per-chunk line ("operation ...: failover of ..."), which says volumes were switched.
        return works.recordOnce(work).invoke(() -> LOG.infof("operation %s: %d volumes on %s to %s, recorded as work",
                command.operationId(), work.volumesTotal, command.host(), command.action().value()));
    }

    /**
     * A chunk whose driver call was started: the volumes found not replicated (answered without the driver), when
     * the call started, the lease epoch it runs under and, once it returns, what the driver answered.
     */
    record Driving(List<VolumesSwitched.Result> missing, long started, long epoch, Uni<FailoverResult> result) {
    }

    /**
     * Starts one chunk of a command's volumes: reads them (a short session, ended before this returns) and starts
     * the driver call on a worker, outside any transaction, under the backend's lease as held at {@code epoch}. The
     * call runs on while the caller records the previous chunk; {@link #recordChunk} waits for it.
     */
    Uni<Driving> startChunk(SwitchVolumes command, Backend backend, List<String> ids, long epoch) {
        return Panache.withSession(() -> volumes.byIds(ids)).map(byId -> {
            List<VolumesSwitched.Result> missing = new ArrayList<>();
            for (String id : ids) {
                if (!byId.containsKey(id) || byId.get(id).replicationStatus == null) {
                    missing.add(new VolumesSwitched.Result(id, ReplicationStatus.FAILOVER_ERROR, 0, null,
                            "volume " + id + " is not a replicated volume of " + command.host()));
                }
            }
            List<ReplicatedVolume> replicated = byId.values().stream().filter(v -> v.replicationStatus != null)
                    .map(Volume::asReplicated).toList();
            // What the operator failed over (a volume, a group, a pool, a backend) is the driver's unit, not the
            // operation: a driver that switches a group as one consistent image keys on the group's id.
            ReplicationRequest request = new ReplicationRequest(command.scope(), command.scopeId(),
                    command.target(), replicated, false, command.force(), command.changes());
            long started = System.nanoTime();
            Uni<FailoverResult> result = driver.run(() -> drive(backend, command, request)).memoize().indefinitely();
            // Started now; whoever records the chunk reads the same outcome later.
            result.subscribe().with(ignored -> { }, ignored -> { });
            return new Driving(missing, started, epoch, result);
        });
    }

    /**
     * Records a started chunk once its driver call returns: their statuses, a {@link VolumesSwitched} answer for
     * them and the work's progress ({@code doneAfter} of its volumes) in one short transaction. A crash before it
     * commits repeats the driver call, which is idempotent. The transaction checks that this instance still holds
     * the backend's lease at the epoch the driver call ran under: a stale holder's result is rolled back, and the
     * new holder repeats the call.
     */
    Uni<Void> recordChunk(SwitchVolumes command, Backend backend, String workId, Driving driving, int doneAfter) {
        boolean finished = doneAfter == command.volumeIds().size();
        return driving.result()
                .flatMap(result -> Panache.withTransaction(() -> leases.checkHeld(backends.key(backend.name()),
                                instance, driving.epoch())
                        .chain(() -> record(command, result, driving.missing(), driving.started(), doneAfter))
                        .chain(() -> works.progress(workId, doneAfter, finished))))
                .invoke(relay::wake);
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

    /** A driver's update as the event carries it: the status, what was lost or put at risk, who fenced. */
    static VolumesSwitched.Result result(VolumeReplicationUpdate update) {
        return new VolumesSwitched.Result(update.volumeId(), update.status(), update.lostBytes(), update.dataAsOf(),
                update.error(), update.fencedBy(), update.atRiskBytes(), update.atRiskAsOf(),
                update.lagAtLossSeconds());
    }

    private Uni<Void> record(SwitchVolumes command, FailoverResult result, List<VolumesSwitched.Result> missing,
            long started, int doneAfter) {
        Instant now = Instant.now();
        List<VolumesSwitched.Result> results = new ArrayList<>(missing);
        Map<Outcome, List<String>> byStatus = new LinkedHashMap<>();
        for (VolumeReplicationUpdate update : result.volumes()) {
            results.add(result(update));
            byStatus.computeIfAbsent(new Outcome(update.status(), activeSide(command, update)),
                    k -> new ArrayList<>()).add(update.volumeId());
        }
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Map.Entry<Outcome, List<String>> status : byStatus.entrySet()) {
            String side = status.getKey().activeSide();
            chain = chain.chain(() -> volumes.recordSwitched(status.getValue(), status.getKey().status(), side, now));
        }
        long failed = results.stream().filter(r -> r.error() != null).count();
        return chain.chain(() -> outbox.add(topics.volumeEvents(), new VolumesSwitched(command.operationId(),
                        command.host(), command.action(), result.activeBackendId(), results)))
                .invoke(() -> {
                    registry.counter("replication.volumes.switched", "action", command.action().value())
                            .increment(results.size() - failed);
                    LOG.infof("operation %s: %s of %d volumes on %s in %d ms, %d failed (%d/%d of the command)",
                            command.operationId(), command.action().value(), results.size(), command.host(),
                            (System.nanoTime() - started) / 1_000_000, failed, doneAfter,
                            command.volumeIds().size());
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
}
