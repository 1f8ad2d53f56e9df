package org.replication.v3.volume.driver.filearray;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.replication.v3.common.failover.FailbackChanges;
import org.replication.v3.common.replication.MediatorDecided;
import org.replication.v3.common.replication.ReplicationMode;
import org.replication.v3.common.replication.ReplicationScope;
import org.replication.v3.common.replication.ReplicationStatus;
import org.replication.v3.common.replication.ReplicationTarget;
import org.replication.v3.common.replication.SyncTopology;
import org.replication.v3.volume.driver.FailoverResult;
import org.replication.v3.volume.driver.MediatorDecision;
import org.replication.v3.volume.driver.ReplicaExport;
import org.replication.v3.volume.driver.ReplicaState;
import org.replication.v3.volume.driver.ReplicatedVolume;
import org.replication.v3.volume.driver.ReplicationDriver;
import org.replication.v3.volume.driver.ReplicationLag;
import org.replication.v3.volume.driver.ReplicationRequest;
import org.replication.v3.volume.driver.RestoredReplica;
import org.replication.v3.volume.driver.VolumeDriverException;
import org.replication.v3.volume.driver.VolumeReplicationUpdate;
import org.replication.v3.volume.driver.filearray.replication.ArraySite;
import org.replication.v3.volume.driver.filearray.replication.AsyncPair;
import org.replication.v3.volume.driver.filearray.replication.FailoverOutcome;
import org.replication.v3.volume.driver.filearray.replication.Mediator;
import org.replication.v3.volume.driver.filearray.replication.ReplicaPair;
import org.replication.v3.volume.driver.filearray.replication.ReplicationLink;
import org.replication.v3.volume.driver.filearray.replication.Side;
import org.replication.v3.volume.driver.filearray.replication.SyncPair;

/**
 * Replication for the filearray reference driver: each replicated volume is a {@link ReplicaPair} between this
 * backend's array and a target array (another directory), over a {@link ReplicationLink} per target. {@link #tick()}
 * ships async pairs at half their RPO and lets the {@link Mediator} decide for mediated sync pairs.
 *
 * <p>Pairs live in memory: after a restart the volume-service hands back what it recorded of each replicated volume
 * ({@link #restoreReplication}) and the pairs are rebuilt in that state, copying only what may be pending.
 */
public class FileArrayReplication implements ReplicationDriver {

    private static final Logger LOG = Logger.getLogger(FileArrayReplication.class);
    private static final long GIB = 1L << 30;

    private final ArraySite primary;
    private final Map<String, ReplicationTarget> targets;
    private final Map<String, ArraySite> targetSites;
    private final Map<String, ReplicationLink> links;
    private final int blockSize;
    private final InstantSource clock;
    private final Duration switchDelay;
    private final Map<String, Pair> pairs = new ConcurrentHashMap<>();
    /** How each replicated group replicates, by group id: every volume of the group alike. */
    private final Map<String, GroupReplica> groups = new ConcurrentHashMap<>();
    private final Mediator mediator = new Mediator();

    /** The target and mode a group's first volume fixed for all of them. */
    private record GroupReplica(String targetId, ReplicationMode mode) {
    }

    /** A pair and the target it replicates to; {@code lastShip} paces async shipping (touched by the tick only). */
    private static final class Pair {

        private final ReplicaPair pair;
        private final String targetId;
        private Instant lastShip;

        Pair(ReplicaPair pair, String targetId, Instant lastShip) {
            this.pair = pair;
            this.targetId = targetId;
            this.lastShip = lastShip;
        }

        ReplicaPair pair() {
            return pair;
        }

        String targetId() {
            return targetId;
        }
    }

    /**
     * @param primary     the array the backend's volumes live on
     * @param targetSites each target's array, by backend_id (possibly another backend's primary array)
     * @param switchDelay fault injection: how long each failover or failback call waits before switching
     */
    public FileArrayReplication(String backend, ArraySite primary, List<ReplicationTarget> targets,
            Map<String, ArraySite> targetSites, int blockSize, InstantSource clock, Duration switchDelay) {
        this.primary = primary;
        this.targets = targets.stream().collect(Collectors.toUnmodifiableMap(
                ReplicationTarget::backendId, Function.identity()));
        this.targetSites = new ConcurrentHashMap<>();
        this.links = new ConcurrentHashMap<>();
        for (ReplicationTarget target : targets) {
            this.targetSites.put(target.backendId(), targetSites.get(target.backendId()));
            links.put(target.backendId(), new ReplicationLink(backend + "->" + target.backendId()));
        }
        this.blockSize = blockSize;
        this.clock = clock;
        this.switchDelay = switchDelay;
    }

    @Override
    public List<ReplicationTarget> targets() {
        // Reachable when the target's array answers: a lost primary or a cut replication link is exactly when a
        // failover to it is needed (the link's state shows in lag and in the pairs' sync state instead).
        return targets.values().stream().map(t -> t.withReachable(targetSites.get(t.backendId()).up())).toList();
    }

    @Override
    public Boolean arrayReachable() {
        return primary.up();
    }

    @Override
    public List<VolumeReplicationUpdate> enableReplication(ReplicationRequest request) {
        ReplicationTarget target = target(request.targetBackendId());
        List<VolumeReplicationUpdate> updates = new ArrayList<>();
        for (ReplicatedVolume volume : request.volumes()) {
            String inconsistent = groupInconsistency(request, volume, target);
            if (inconsistent != null) {
                LOG.warnf("volume %s: replication not enabled: %s", volume.id(), inconsistent);
                updates.add(VolumeReplicationUpdate.failed(volume.id(), ReplicationStatus.ERROR, inconsistent));
                continue;
            }
            try {
                Pair existing = pairs.get(volume.id());
                if (existing != null && existing.targetId().equals(target.backendId())) {
                    updates.add(VolumeReplicationUpdate.of(volume.id(), ReplicationStatus.ENABLED));
                    continue;
                }
                ReplicaPair pair = pair(volume, target);
                long copied = pair.enable(!request.newVolumes());
                pairs.put(volume.id(), new Pair(pair, target.backendId(), clock.instant()));
                if (pair instanceof SyncPair sync) {
                    mediator.watch(sync);
                }
                LOG.infof("volume %s: replicating %s to %s (%d bytes copied first)", volume.id(),
                        volume.mode().value(), target.backendId(), copied);
                updates.add(VolumeReplicationUpdate.of(volume.id(), ReplicationStatus.ENABLED));
            } catch (IOException | RuntimeException e) {
                LOG.warnf("volume %s: replication to %s not enabled: %s", volume.id(), target.backendId(),
                        e.getMessage());
                updates.add(VolumeReplicationUpdate.failed(volume.id(), ReplicationStatus.ERROR, e.getMessage()));
            }
        }
        return updates;
    }

    @Override
    public List<RestoredReplica> restoreReplication(List<ReplicaState> volumes) {
        List<RestoredReplica> restored = new ArrayList<>();
        for (ReplicaState state : volumes) {
            String id = state.volume().id();
            try {
                ReplicationTarget target = target(state.targetBackendId());
                if (state.groupId() != null) {
                    groups.putIfAbsent(state.groupId(), new GroupReplica(target.backendId(), state.volume().mode()));
                }
                Pair existing = pairs.get(id);
                if (existing != null && existing.targetId().equals(target.backendId())) {
                    restored.add(new RestoredReplica(id, 0, null));
                    continue;
                }
                ReplicaPair pair = pair(state.volume(), target);
                Side active = state.servedByTarget() ? Side.SECONDARY : Side.PRIMARY;
                long copied = pair.restore(active, state.primaryFenced() ? Side.PRIMARY : null);
                pairs.put(id, new Pair(pair, target.backendId(), clock.instant()));
                if (pair instanceof SyncPair sync) {
                    mediator.watch(sync);
                }
                LOG.infof("volume %s: replication %s to %s restored, served by the %s side%s, %d bytes copied%s", id,
                        state.volume().mode().value(), target.backendId(), active,
                        pair.fenced() == null ? "" : ", the " + pair.fenced() + " side fenced", copied,
                        pair.changesUnknown() ? " (sides compared at the next resync)" : "");
                restored.add(new RestoredReplica(id, copied, null));
            } catch (IOException | RuntimeException e) {
                LOG.warnf("volume %s: replication to %s not restored: %s", id, state.targetBackendId(),
                        e.getMessage());
                restored.add(new RestoredReplica(id, 0, e.getMessage()));
            }
        }
        return restored;
    }

    /**
     * A group replicates consistently: its volumes all go to one target in one mode, so that a group failover
     * brings them all to the same place with the same loss. The first volume fixes both; null when consistent.
     */
    private String groupInconsistency(ReplicationRequest request, ReplicatedVolume volume, ReplicationTarget target) {
        if (request.scope() != ReplicationScope.GROUP) {
            return null;
        }
        GroupReplica wanted = new GroupReplica(target.backendId(), volume.mode());
        GroupReplica group = groups.computeIfAbsent(request.scopeId(), id -> wanted);
        if (group.equals(wanted)) {
            return null;
        }
        return "group " + request.scopeId() + " replicates " + group.mode().value() + " to " + group.targetId()
                + ", and a group's volumes replicate alike; volume " + volume.id() + " asks for "
                + wanted.mode().value() + " to " + wanted.targetId();
    }

    @Override
    public List<VolumeReplicationUpdate> disableReplication(ReplicationRequest request) {
        List<VolumeReplicationUpdate> updates = new ArrayList<>();
        for (ReplicatedVolume volume : request.volumes()) {
            Pair removed = pairs.remove(volume.id());
            if (removed != null && removed.pair() instanceof SyncPair sync) {
                mediator.forget(sync);
            }
            updates.add(VolumeReplicationUpdate.of(volume.id(), ReplicationStatus.DISABLED));
        }
        return updates;
    }

    @Override
    public void deleteReplica(String volumeId) {
        Pair removed = pairs.remove(volumeId);
        if (removed == null) {
            return;
        }
        if (removed.pair() instanceof SyncPair sync) {
            mediator.forget(sync);
        }
        try {
            removed.pair().deleteFiles(Side.SECONDARY);
        } catch (IOException e) {
            throw new VolumeDriverException("volume " + volumeId + ": replica on " + removed.targetId()
                    + " not deleted: " + e.getMessage(), e);
        }
    }

    @Override
    public FailoverResult failover(ReplicationRequest request) {
        String targetId = target(request.targetBackendId()).backendId();
        return new FailoverResult(targetId, eachPair(request, "fail over", ReplicationStatus.FAILOVER_ERROR, (volume, pair) -> {
            if (pair.active() == Side.SECONDARY) {
                return VolumeReplicationUpdate.of(volume, ReplicationStatus.FAILED_OVER);
            }
            if (pair.fenced() == Side.SECONDARY) {
                // The mediator cut the target off: it takes over only once it has the primary's data again.
                pair.reprotect();
            }
            FailoverOutcome outcome = pair.failover(request.force());
            // Per volume only at debug when nothing was lost: a backend of thousands switches in one call, and the
            // caller logs the batch; a loss is always worth its own line.
            LOG.logf(outcome.planned() && outcome.lostBytes() == 0 ? Logger.Level.DEBUG : Logger.Level.INFO,
                    "volume %s: now served by %s (%s, %d bytes lost, old side fenced by %s)", volume, targetId,
                    outcome.planned() ? "planned" : "unplanned", outcome.lostBytes(), outcome.fencedBy());
            return new VolumeReplicationUpdate(volume, ReplicationStatus.FAILED_OVER, outcome.lostBytes(),
                    outcome.dataAsOf(), null, outcome.fencedBy());
        }));
    }

    @Override
    public FailoverResult failback(ReplicationRequest request) {
        return new FailoverResult(null, eachPair(request, "fail back", ReplicationStatus.FAILOVER_ERROR, (volume, pair) -> {
            if (pair.active() == Side.PRIMARY) {
                return VolumeReplicationUpdate.of(volume, ReplicationStatus.ENABLED);
            }
            FailoverOutcome outcome = pair.failback(request.changes());
            LOG.logf(outcome.lostBytes() == 0 ? Logger.Level.DEBUG : Logger.Level.INFO,
                    "volume %s: served by the primary again, the target's changes %s (%d bytes dropped)", volume,
                    request.changes() == FailbackChanges.KEEP ? "kept" : "discarded", outcome.lostBytes());
            return new VolumeReplicationUpdate(volume, ReplicationStatus.ENABLED, outcome.lostBytes(),
                    outcome.dataAsOf(), null);
        }));
    }

    @Override
    public FailoverResult reprotect(ReplicationRequest request) {
        // The target keeps serving: the result names it, as Cinder names the active backend of a failed-over host.
        String served = request.volumes().stream().map(v -> pairs.get(v.id())).filter(Objects::nonNull)
                .map(Pair::targetId).findFirst().orElse(request.targetBackendId());
        // A volume that cannot be reprotected (its old primary still down) stays failed over, served by the target.
        return new FailoverResult(served, eachPair(request, "reprotect", ReplicationStatus.FAILED_OVER, (volume, pair) -> {
            if (pair.active() != Side.SECONDARY) {
                return VolumeReplicationUpdate.failed(volume, ReplicationStatus.ENABLED, "volume " + volume
                        + " is served by the primary, not failed over: there is nothing to reprotect");
            }
            long copied = pair.reprotect();
            LOG.infof("volume %s: reprotected, the old primary replicates from the target (%d bytes copied)",
                    volume, copied);
            return VolumeReplicationUpdate.of(volume, ReplicationStatus.ENABLED);
        }));
    }

    /** One side switch of one pair; an exception fails that volume only. */
    @FunctionalInterface
    private interface PairAction {
        VolumeReplicationUpdate apply(String volumeId, ReplicaPair pair) throws IOException;
    }

    /** Applies an action to each of the request's pairs: one update per volume, {@code failure} when it fails. */
    private List<VolumeReplicationUpdate> eachPair(ReplicationRequest request, String what,
            ReplicationStatus failure, PairAction action) {
        pauseForInjectedDelay();
        List<VolumeReplicationUpdate> updates = new ArrayList<>();
        for (ReplicatedVolume volume : request.volumes()) {
            Pair entry = pairs.get(volume.id());
            if (entry == null) {
                updates.add(VolumeReplicationUpdate.failed(volume.id(), ReplicationStatus.FAILOVER_ERROR,
                        "volume " + volume.id() + " is not replicated by backend " + primary.name()));
                continue;
            }
            try {
                updates.add(action.apply(volume.id(), entry.pair()));
            } catch (IOException | RuntimeException e) {
                LOG.warnf("volume %s: %s failed: %s", volume.id(), what, e.getMessage());
                updates.add(VolumeReplicationUpdate.failed(volume.id(), failure, e.getMessage()));
            }
        }
        return updates;
    }

    private void pauseForInjectedDelay() {
        if (switchDelay.isZero()) {
            return;
        }
        try {
            Thread.sleep(switchDelay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VolumeDriverException("interrupted during injected delay", e);
        }
    }

    @Override
    public Map<String, ReplicationLag> lag() {
        Map<String, ReplicationLag> lag = new HashMap<>();
        pairs.forEach((id, entry) -> lag.put(id, entry.pair().lag()));
        return lag;
    }

    @Override
    public ReplicaExport exportReplica(String volumeId) {
        Pair entry = pairs.get(volumeId);
        if (entry == null || entry.pair().active() != Side.SECONDARY) {
            throw new VolumeDriverException("volume " + volumeId + " is not failed over; only a failed-over"
                    + " replica can be exported");
        }
        ReplicaPair pair = entry.pair();
        return new ReplicaExport(volumeId, entry.targetId(), entry.targetId() + ":" + pair.pool() + "/volume-"
                + volumeId, (int) (pair.sizeBytes() / GIB));
    }

    /** Ships what is due and lets the mediator decide. */
    @Override
    public List<MediatorDecision> housekeeping() {
        Instant now = clock.instant();
        for (Map.Entry<String, Pair> entry : pairs.entrySet()) {
            Pair pair = entry.getValue();
            if (pair.pair() instanceof AsyncPair async) {
                // Half the RPO, so that the oldest unshipped write is never older than the RPO.
                if (Duration.between(pair.lastShip, now).compareTo(async.rpo().dividedBy(2)) >= 0) {
                    pair.lastShip = now;
                    try {
                        async.ship();
                    } catch (IOException e) {
                        LOG.debugf("volume %s: ship failed, retried next time: %s", entry.getKey(), e.getMessage());
                    }
                }
            }
        }
        return mediator.check().stream().map(decision -> new MediatorDecision(decision.volumeId(),
                MediatorDecided.Kind.valueOf(decision.kind().name()), decision.reason())).toList();
    }

    public Optional<ReplicaPair> pair(String volumeId) {
        return Optional.ofNullable(pairs.get(volumeId)).map(Pair::pair);
    }

    /** Fault injection: this backend's array (by its name) or a target's (by backend_id). */
    public Optional<ArraySite> site(String name) {
        return primary.name().equals(name) ? Optional.of(primary) : Optional.ofNullable(targetSites.get(name));
    }

    /** The array this backend's volumes live on. */
    public ArraySite primarySite() {
        return primary;
    }

    /** Fault injection: the link to a target. */
    public Optional<ReplicationLink> link(String targetId) {
        return Optional.ofNullable(links.get(targetId));
    }

    private ReplicaPair pair(ReplicatedVolume volume, ReplicationTarget target) {
        long size = volume.sizeGb() * GIB;
        ArraySite secondary = targetSites.get(target.backendId());
        ReplicationLink link = links.get(target.backendId());
        if (volume.mode() == ReplicationMode.SYNC) {
            SyncTopology topology = volume.syncTopology() == null ? SyncTopology.ACTIVE_PASSIVE : volume.syncTopology();
            return new SyncPair(volume.id(), volume.pool(), size, primary, secondary, link, blockSize, clock,
                    topology, volume.mediator());
        }
        if (volume.rpoSeconds() == null) {
            throw new VolumeDriverException("volume " + volume.id() + ": async replication needs an RPO");
        }
        return new AsyncPair(volume.id(), volume.pool(), size, primary, secondary, link, blockSize, clock,
                Duration.ofSeconds(volume.rpoSeconds()));
    }

    private ReplicationTarget target(String backendId) {
        ReplicationTarget target = backendId == null && targets.size() == 1 ? targets.values().iterator().next()
                : targets.get(backendId);
        if (target == null) {
            throw new VolumeDriverException("backend " + primary.name() + " has no replication target '" + backendId
                    + "' (targets: " + String.join(", ", targets.keySet()) + ")");
        }
        return target;
    }
}
