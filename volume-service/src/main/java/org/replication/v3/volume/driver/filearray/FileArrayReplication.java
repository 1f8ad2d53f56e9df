package org.replication.v3.volume.driver.filearray;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.replication.v3.common.failover.FailbackChanges;
import org.replication.v3.common.failover.FencedBy;
import org.replication.v3.common.replication.MediatorDecided;
import org.replication.v3.common.replication.ReplicationMode;
import org.replication.v3.common.replication.ReplicationScope;
import org.replication.v3.common.replication.ReplicationStatus;
import org.replication.v3.common.replication.ReplicationTarget;
import org.replication.v3.common.replication.SyncTopology;
import org.replication.v3.volume.driver.ExportRecord;
import org.replication.v3.volume.driver.ExportedReplica;
import org.replication.v3.volume.driver.FailoverResult;
import org.replication.v3.volume.driver.LagLevel;
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

/**
 * Replication for the filearray reference driver: the arrays replicate by themselves (a pair per volume, sync or
 * async, module {@code reference-array}); this driver sets pairs up and composes failover, failback and reprotect
 * from the arrays' primitives (demote, promote, reprotect), as a Cinder driver asks its array to. The arrays hold
 * the truth (roles, generations, fences, change logs), so nothing here needs to survive a restart: the volumes this
 * driver replicates are handed back by {@link #restoreReplication}, which only compares them with the arrays.
 *
 * <p>Which side may take writes is decided by generation numbers on the arrays: a promote takes a higher generation
 * and fences the other side, at once when it answers, or as soon as it is heard from again. So a failover with the
 * primary array unreachable never leaves two sides taking writes.
 */
public class FileArrayReplication implements ReplicationDriver {

    private static final Logger LOG = Logger.getLogger(FileArrayReplication.class);

    private final String backend;
    private final ArrayClient primary;
    private final Map<String, ReplicationTarget> targets;
    private final Map<String, ArrayClient> targetArrays;
    private final Duration switchDelay;
    /** The volumes this driver replicates, by id, with the target each replicates to. Rebuilt at start. */
    private final Map<String, Replica> replicas = new ConcurrentHashMap<>();
    /** How each replicated group replicates, by group id: every volume of the group alike. */
    private final Map<String, GroupReplica> groups = new ConcurrentHashMap<>();
    /** Whether each target's array answered at the last look, by backend_id. */
    private final Map<String, Boolean> reachable = new ConcurrentHashMap<>();
    /** Whether the backend's own array answered at the last look; null before the first look. */
    private volatile Boolean primaryReachable;
    private final Optional<MediatorClient> mediator;
    /** The last mediator decision read (its journal's seq). */
    private volatile long mediatorCursor;
    /** The arrays the mediator has declared lost and not seen recover: its verdict stands in for a force. */
    private final Set<String> declaredLost = ConcurrentHashMap.newKeySet();
    /** The volumes whose lost primary was reported, so the promotion after the grace period is not reported again. */
    private final Set<String> reportedLost = ConcurrentHashMap.newKeySet();
    /** The volumes whose target the mediator was reported to have promoted: recorded once per loss. */
    private final Set<String> reportedPromoted = ConcurrentHashMap.newKeySet();

    private record Replica(ReplicatedVolume volume, String targetId) {
    }

    /** The target and mode a group's first volume fixed for all of them. */
    private record GroupReplica(String targetId, ReplicationMode mode) {
    }

    /**
     * @param primary      the array the backend's volumes live on
     * @param targetArrays each target's array, by backend_id (possibly another backend's primary array)
     * @param mediator     the mediator watching the arrays' pairs, if one is configured
     * @param switchDelay  fault injection: how long each failover or failback call waits before switching
     */
    public FileArrayReplication(String backend, ArrayClient primary, List<ReplicationTarget> targets,
            Map<String, ArrayClient> targetArrays, Optional<MediatorClient> mediator, Duration switchDelay) {
        this.backend = backend;
        this.primary = primary;
        this.targets = targets.stream().collect(Collectors.toUnmodifiableMap(
                ReplicationTarget::backendId, Function.identity()));
        this.targetArrays = Map.copyOf(targetArrays);
        this.mediator = mediator;
        this.switchDelay = switchDelay;
    }

    @Override
    public List<ReplicationTarget> targets() {
        // Reachable when the target's array answers: a lost primary or a cut replication link is exactly when a
        // failover to it is needed (the link's state shows in lag and in the pairs' sync state instead).
        return targets.values().stream()
                .map(t -> t.withReachable(reachable.computeIfAbsent(t.backendId(), this::answers))).toList();
    }

    private boolean answers(String targetId) {
        return answers(targetArrays.get(targetId));
    }

    private static boolean answers(ArrayClient array) {
        try {
            array.stats();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** As the last housekeeping found it; asked of the array itself before the first. */
    @Override
    public Boolean arrayReachable() {
        Boolean reachable = primaryReachable;
        if (reachable == null) {
            reachable = answers(primary);
            primaryReachable = reachable;
        }
        return reachable;
    }

    @Override
    public List<VolumeReplicationUpdate> enableReplication(ReplicationRequest request) {
        ReplicationTarget target = target(request.targetBackendId());
        ArrayClient targetArray = targetArrays.get(target.backendId());
        // One array call pairs them all (one peer call and one durable write on each array).
        VolumeReplicationUpdate[] updates = new VolumeReplicationUpdate[request.volumes().size()];
        List<Integer> asked = new ArrayList<>();
        List<ArrayClient.NewPair> pairs = new ArrayList<>();
        for (int i = 0; i < request.volumes().size(); i++) {
            ReplicatedVolume volume = request.volumes().get(i);
            String refused = groupInconsistency(request, volume, target);
            if (refused == null && volume.mode() == ReplicationMode.ASYNC && volume.rpoSeconds() == null) {
                refused = "volume " + volume.id() + ": async replication needs an RPO";
            }
            if (refused != null) {
                LOG.warnf("volume %s: replication not enabled: %s", volume.id(), refused);
                updates[i] = VolumeReplicationUpdate.failed(volume.id(), ReplicationStatus.ERROR, refused);
                continue;
            }
            SyncTopology topology = volume.mode() == ReplicationMode.SYNC
                    ? Optional.ofNullable(volume.syncTopology()).orElse(SyncTopology.ACTIVE_PASSIVE) : null;
            asked.add(i);
            pairs.add(new ArrayClient.NewPair(volume.id(), targetArray.name(), volume.mode().value(),
                    volume.mode() == ReplicationMode.ASYNC ? volume.rpoSeconds() : null,
                    topology == null ? null : topology.value(),
                    volume.mode() == ReplicationMode.SYNC && volume.mediator()));
        }
        List<JsonNode> answers = List.of();
        String failed = null;
        if (!pairs.isEmpty()) {
            try {
                answers = primary.pairAll(pairs);
            } catch (IOException | RuntimeException e) {
                failed = e.getMessage();
            }
        }
        for (int n = 0; n < asked.size(); n++) {
            ReplicatedVolume volume = request.volumes().get(asked.get(n));
            JsonNode answer = answers.size() > n ? answers.get(n) : null;
            String error = failed != null ? failed : answer == null || !answer.path("id").asText().equals(volume.id())
                    ? "no answer for the volume" : answer.path("ok").asBoolean(false) ? null
                    : answer.path("error").path("message").asText("refused");
            if (error != null) {
                LOG.warnf("volume %s: replication to %s not enabled: %s", volume.id(), target.backendId(), error);
                updates[asked.get(n)] = VolumeReplicationUpdate.failed(volume.id(), ReplicationStatus.ERROR, error);
                continue;
            }
            replicas.put(volume.id(), new Replica(volume, target.backendId()));
            LOG.infof("volume %s: replicating %s from array %s to %s (%s)", volume.id(), volume.mode().value(),
                    primary.name(), targetArray.name(), target.backendId());
            updates[asked.get(n)] = VolumeReplicationUpdate.of(volume.id(), ReplicationStatus.ENABLED);
        }
        if (request.scope() == ReplicationScope.GROUP) {
            return inArrayGroup(request, targetArray, List.of(updates));
        }
        return List.of(updates);
    }

    /**
     * A group's paired volumes join the group on both arrays, so each array ships its async members as one
     * point-in-time image (and a failover lands them all at one instant), in either direction after a reprotect.
     * A volume the arrays could not group is not replicated as its group promises: reported failed.
     */
    private List<VolumeReplicationUpdate> inArrayGroup(ReplicationRequest request, ArrayClient targetArray,
            List<VolumeReplicationUpdate> updates) {
        List<String> paired = updates.stream().filter(u -> u.error() == null).map(VolumeReplicationUpdate::volumeId)
                .toList();
        if (paired.isEmpty()) {
            return updates;
        }
        try {
            primary.addToGroup(request.scopeId(), paired);
            targetArray.addToGroup(request.scopeId(), paired);
            LOG.infof("group %s: %d volumes in the consistency group on arrays %s and %s", request.scopeId(),
                    paired.size(), primary.name(), targetArray.name());
            return updates;
        } catch (IOException e) {
            String error = "group " + request.scopeId() + ": the arrays did not take the volume into their"
                    + " consistency group: " + e.getMessage();
            LOG.warn(error);
            return updates.stream().map(u -> u.error() == null ? VolumeReplicationUpdate.failed(u.volumeId(),
                    ReplicationStatus.ERROR, error) : u).toList();
        }
    }

    /**
     * Rebuilds what this driver keeps (which volumes it replicates, and where) and compares it with the arrays. The
     * arrays replicate on their own and keep their state across restarts, so nothing is copied: a volume the arrays
     * do not show as this service recorded it is reported, never rewritten, since the arrays are the truth about
     * which side may take writes.
     */
    @Override
    public List<RestoredReplica> restoreReplication(List<ReplicaState> volumes) {
        Map<String, JsonNode> onPrimary = views(primary, volumes.stream().map(s -> s.volume().id()).toList());
        List<RestoredReplica> restored = new ArrayList<>();
        for (ReplicaState state : volumes) {
            String id = state.volume().id();
            try {
                ReplicationTarget target = target(state.targetBackendId());
                if (state.groupId() != null) {
                    groups.putIfAbsent(state.groupId(), new GroupReplica(target.backendId(), state.volume().mode()));
                }
                replicas.put(id, new Replica(state.volume(), target.backendId()));
                JsonNode view = onPrimary.get(id);
                String peer = targetArrays.get(target.backendId()).name();
                if (view != null && !peer.equals(view.path("pair").path("peer").asText(null))) {
                    String drift = "volume " + id + " is recorded as replicated to " + peer + " but array "
                            + primary.name() + " shows " + (view.has("pair") ? "a pair with "
                            + view.path("pair").path("peer").asText() : "no pair");
                    LOG.warn(drift);
                    restored.add(new RestoredReplica(id, 0, drift));
                    continue;
                }
                restored.add(new RestoredReplica(id, 0, null));
            } catch (RuntimeException e) {
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
        if (request.scope() == ReplicationScope.GROUP) {
            leaveArrayGroup(request);
        }
        for (ReplicatedVolume volume : request.volumes()) {
            Replica replica = replicas.remove(volume.id());
            try {
                unpair(volume.id(), replica == null ? null : targetArrays.get(replica.targetId()));
                updates.add(VolumeReplicationUpdate.of(volume.id(), ReplicationStatus.DISABLED));
            } catch (IOException e) {
                updates.add(VolumeReplicationUpdate.failed(volume.id(), ReplicationStatus.ERROR, e.getMessage()));
            }
        }
        return updates;
    }

    /** The volumes leave the group on every array that has them (one that does not answer keeps them, harmless). */
    private void leaveArrayGroup(ReplicationRequest request) {
        List<ArrayClient> arrays = new ArrayList<>(List.of(primary));
        targetArrays.values().stream().filter(a -> !arrays.contains(a)).forEach(arrays::add);
        for (ArrayClient array : arrays) {
            try {
                array.removeFromGroup(request.scopeId(), ids(request.volumes()));
            } catch (IOException e) {
                LOG.warnf("group %s: volumes not taken out of the consistency group on array %s: %s",
                        request.scopeId(), array.name(), e.getMessage());
            }
        }
    }

    /** Ends a volume's pair on the primary's array, or on the target's when the primary does not answer. */
    private void unpair(String id, ArrayClient target) throws IOException {
        try {
            primary.unpair(id, false);
        } catch (ArrayClient.Unreachable e) {
            if (target == null) {
                throw e;
            }
            target.unpair(id, true);
        } catch (ArrayClient.Refused e) {
            if (e.status() != 404 && e.status() != 409 || target == null) {
                throw e;
            }
            // Unpaired already on this side, or this side is fenced: end it where the volume is served.
            target.unpair(id, true);
        }
    }

    @Override
    public void deleteReplica(String volumeId) {
        Replica removed = replicas.remove(volumeId);
        if (removed == null) {
            return;
        }
        ArrayClient target = targetArrays.get(removed.targetId());
        try {
            try {
                primary.unpair(volumeId, true);
            } catch (ArrayClient.Unreachable | ArrayClient.Refused e) {
                LOG.debugf("volume %s: unpair on %s: %s", volumeId, primary.name(), e.getMessage());
            }
            try {
                target.unpair(volumeId, true);
            } catch (ArrayClient.Refused e) {
                LOG.debugf("volume %s: unpair on %s: %s", volumeId, target.name(), e.getMessage());
            }
            target.delete(volumeId);
        } catch (IOException e) {
            throw new VolumeDriverException("volume " + volumeId + ": replica on " + target.name()
                    + " not deleted: " + e.getMessage(), e);
        }
    }

    /**
     * Planned when the primary's array answers: each volume is demoted there (what its replica lacks is shipped
     * first) and promoted on the target to go on alone, nothing lost. Unplanned otherwise: the target is promoted alone, which
     * takes a higher generation, so the old primary is fenced as soon as it is heard from. An unplanned sync
     * failover needs that side known down: the operator's {@code force}, or the mediator having promoted the
     * target already. Async reports what may be lost: the writes after the last image the target holds.
     */
    @Override
    public FailoverResult failover(ReplicationRequest request) {
        ReplicationTarget target = target(request.targetBackendId());
        ArrayClient targetArray = targetArrays.get(target.backendId());
        pauseForInjectedDelay();
        Map<String, VolumeReplicationUpdate> updates = new LinkedHashMap<>();
        List<ReplicatedVolume> toSwitch = new ArrayList<>();
        Map<String, JsonNode> onTarget;
        try {
            onTarget = byId(targetArray.list(ids(request.volumes())));
        } catch (IOException e) {
            return new FailoverResult(target.backendId(), failAll(request, ReplicationStatus.FAILOVER_ERROR,
                    "target array " + targetArray.name() + " of " + target.backendId() + ": " + e.getMessage()));
        }
        for (ReplicatedVolume volume : request.volumes()) {
            JsonNode view = onTarget.get(volume.id());
            if (view == null) {
                updates.put(volume.id(), VolumeReplicationUpdate.failed(volume.id(), ReplicationStatus.FAILOVER_ERROR,
                        "volume " + volume.id() + " has no replica on array " + targetArray.name()));
            } else if (serves(view)) {
                // Promoted already: by the mediator, an operator, or this call repeated after a crash.
                updates.put(volume.id(), new VolumeReplicationUpdate(volume.id(), ReplicationStatus.FAILED_OVER, 0,
                        null, null, fencedBy(view.path("promoted_by").asText(null))));
            } else {
                toSwitch.add(volume);
            }
        }
        if (!toSwitch.isEmpty()) {
            boolean primaryAnswers = answersFor(primary, toSwitch);
            if (primaryAnswers) {
                plannedSwitch(toSwitch, primary, targetArray, updates);
            } else {
                unplannedSwitch(request, toSwitch, targetArray, updates);
            }
        }
        return new FailoverResult(target.backendId(), inOrder(request, updates));
    }

    private void plannedSwitch(List<ReplicatedVolume> volumes, ArrayClient from, ArrayClient to,
            Map<String, VolumeReplicationUpdate> updates) {
        List<String> demote = volumes.stream().filter(v -> !activeActive(v)).map(ReplicatedVolume::id).toList();
        List<String> promote = new ArrayList<>(volumes.stream().filter(FileArrayReplication::activeActive)
                .map(ReplicatedVolume::id).toList());
        try {
            for (JsonNode answer : from.demote(demote)) {
                if (answer.path("ok").asBoolean()) {
                    promote.add(answer.path("id").asText());
                } else {
                    failed(updates, answer, ReplicationStatus.FAILOVER_ERROR, "demote on " + from.name());
                }
            }
            // Alone (peer_lost): the target logs what it writes from now on, and the demoted side gets none of it until
            // a reprotect or a failback, so a failback may still discard the target's changes.
            for (JsonNode answer : to.promote(promote, "driver", true)) {
                String id = answer.path("id").asText();
                if (answer.path("ok").asBoolean()) {
                    updates.put(id, new VolumeReplicationUpdate(id, ReplicationStatus.FAILED_OVER, 0, null, null,
                            FencedBy.PLANNED));
                } else {
                    failed(updates, answer, ReplicationStatus.FAILOVER_ERROR, "promote on " + to.name());
                }
            }
            LOG.infof("backend %s: %d volumes switched from array %s to %s (planned)", backend, promote.size(),
                    from.name(), to.name());
        } catch (IOException e) {
            volumes.forEach(v -> updates.putIfAbsent(v.id(), VolumeReplicationUpdate.failed(v.id(),
                    ReplicationStatus.FAILOVER_ERROR, e.getMessage())));
        }
    }

    private void unplannedSwitch(ReplicationRequest request, List<ReplicatedVolume> volumes, ArrayClient to,
            Map<String, VolumeReplicationUpdate> updates) {
        List<String> promote = new ArrayList<>();
        List<String> mediated = new ArrayList<>();
        boolean primaryDeclaredLost = declaredLost.contains(primary.name());
        for (ReplicatedVolume volume : volumes) {
            if (volume.mode() == ReplicationMode.SYNC && !request.force() && volume.mediator()
                    && primaryDeclaredLost) {
                // The mediator saw the primary's array lost from a third place: that is the fencing a force
                // vouches for, so the target may take over without an operator.
                mediated.add(volume.id());
                promote.add(volume.id());
            } else if (volume.mode() == ReplicationMode.SYNC && !request.force()) {
                updates.put(volume.id(), VolumeReplicationUpdate.failed(volume.id(), ReplicationStatus.FAILOVER_ERROR,
                        "volume " + volume.id() + ": array " + primary.name() + " does not answer and "
                                + (volume.mediator() ? "the mediator has not declared it lost"
                                        : "no mediator watches this pair")
                                + "; an unplanned sync failover needs the old side known down: repeat with force"
                                + " (and a reason) once it is"));
            } else {
                promote.add(volume.id());
            }
        }
        String by = request.force() ? "operator" : "driver";
        try {
            for (JsonNode answer : to.promote(promote, by, true)) {
                String id = answer.path("id").asText();
                if (!answer.path("ok").asBoolean()) {
                    failed(updates, answer, ReplicationStatus.FAILOVER_ERROR, "promote on " + to.name());
                    continue;
                }
                long lost = answer.path("at_risk_bytes").asLong(0);
                Instant dataAsOf = instant(answer.path("consistent_at"));
                LOG.logf(lost == 0 ? Logger.Level.DEBUG : Logger.Level.INFO,
                        "volume %s: now served by %s (unplanned, %d bytes at risk, old side fenced by %s)", id,
                        to.name(), lost, by);
                updates.put(id, new VolumeReplicationUpdate(id, ReplicationStatus.FAILED_OVER, lost, dataAsOf, null,
                        mediated.contains(id) ? FencedBy.MEDIATOR : request.force() ? FencedBy.OPERATOR
                                : FencedBy.DRIVER, answer.path("at_risk_bytes").isNumber() ? lost : null,
                        instant(answer.path("at_risk_as_of")), answer.path("lag_at_loss_seconds").isNumber()
                                ? answer.path("lag_at_loss_seconds").asDouble() : null));
            }
        } catch (IOException e) {
            promote.forEach(id -> updates.putIfAbsent(id, VolumeReplicationUpdate.failed(id,
                    ReplicationStatus.FAILOVER_ERROR, e.getMessage())));
        }
    }

    /**
     * Both arrays must answer. Keep: the target (serving) first takes the primary back as its replica, copying the
     * blocks either side changed alone, then hands over (demote there, promote on the primary): nothing lost.
     * Discard: the primary is promoted above the target, then copies its blocks over everything either side
     * changed; what the target wrote alone is lost.
     */
    @Override
    public FailoverResult failback(ReplicationRequest request) {
        ArrayClient targetArray = targetArrays.get(target(request.targetBackendId()).backendId());
        pauseForInjectedDelay();
        Map<String, VolumeReplicationUpdate> updates = new LinkedHashMap<>();
        Map<String, JsonNode> onPrimary;
        Map<String, JsonNode> onTarget;
        try {
            onPrimary = byId(primary.list(ids(request.volumes())));
            onTarget = byId(targetArray.list(ids(request.volumes())));
        } catch (IOException e) {
            return new FailoverResult(null, failAll(request, ReplicationStatus.FAILOVER_ERROR,
                    "a failback needs both arrays: " + e.getMessage()));
        }
        List<ReplicatedVolume> toSwitch = new ArrayList<>();
        for (ReplicatedVolume volume : request.volumes()) {
            JsonNode home = onPrimary.get(volume.id());
            if (servedByPrimary(home, onTarget.get(volume.id()))) {
                updates.put(volume.id(), VolumeReplicationUpdate.of(volume.id(), ReplicationStatus.ENABLED));
            } else if (home == null || !onTarget.containsKey(volume.id())) {
                updates.put(volume.id(), VolumeReplicationUpdate.failed(volume.id(), ReplicationStatus.FAILOVER_ERROR,
                        "volume " + volume.id() + " is missing on array " + (home == null ? primary.name()
                                : targetArray.name())));
            } else {
                toSwitch.add(volume);
            }
        }
        if (request.changes() == FailbackChanges.KEEP) {
            keepAndSwitchBack(toSwitch, targetArray, updates);
        } else {
            discardAndSwitchBack(toSwitch, onTarget, updates);
        }
        return new FailoverResult(null, inOrder(request, updates));
    }

    /**
     * Keep: each volume's target takes the primary back as its replica (copying what either side changed alone), then
     * the whole batch hands over in two calls: demoted on the target, promoted on the primary. Active/active volumes
     * are not demoted (both sides serve); the primary, promoted above the target, takes it back as its replica.
     */
    private void keepAndSwitchBack(List<ReplicatedVolume> volumes, ArrayClient targetArray,
            Map<String, VolumeReplicationUpdate> updates) {
        List<ReplicatedVolume> joined = new ArrayList<>();
        Map<String, ReplicatedVolume> byId = new HashMap<>();
        volumes.forEach(v -> byId.put(v.id(), v));
        try {
            for (JsonNode answer : targetArray.reprotectAll(ids(volumes))) {
                if (answer.path("ok").asBoolean()) {
                    joined.add(byId.get(answer.path("id").asText()));
                } else {
                    failedBack(updates, answer.path("id").asText(), "reprotect on " + targetArray.name() + ": "
                            + answer.path("error").path("message").asText("refused"));
                }
            }
        } catch (IOException e) {
            volumes.forEach(v -> failedBack(updates, v.id(), e.getMessage()));
            return;
        }
        List<String> promote = new ArrayList<>(joined.stream().filter(FileArrayReplication::activeActive)
                .map(ReplicatedVolume::id).toList());
        try {
            List<String> demote = joined.stream().filter(v -> !activeActive(v)).map(ReplicatedVolume::id).toList();
            for (JsonNode answer : targetArray.demote(demote)) {
                if (answer.path("ok").asBoolean()) {
                    promote.add(answer.path("id").asText());
                } else {
                    failed(updates, answer, ReplicationStatus.FAILOVER_ERROR, "demote on " + targetArray.name());
                }
            }
            List<String> rejoin = new ArrayList<>();
            for (JsonNode answer : primary.promote(promote, "driver", false)) {
                String id = answer.path("id").asText();
                if (!answer.path("ok").asBoolean()) {
                    failed(updates, answer, ReplicationStatus.FAILOVER_ERROR, "promote on " + primary.name());
                } else if (activeActive(byId.get(id))) {
                    rejoin.add(id);
                } else {
                    updates.put(id, VolumeReplicationUpdate.of(id, ReplicationStatus.ENABLED));
                }
            }
            // Active/active: the primary, promoted above the target, takes it back as its replica, all in one call.
            for (JsonNode answer : primary.reprotectAll(rejoin)) {
                String id = answer.path("id").asText();
                if (answer.path("ok").asBoolean()) {
                    updates.put(id, VolumeReplicationUpdate.of(id, ReplicationStatus.ENABLED));
                } else {
                    failed(updates, answer, ReplicationStatus.FAILOVER_ERROR, "reprotect on " + primary.name());
                }
            }
            LOG.infof("backend %s: %d volumes served by array %s again, the target's changes kept", backend,
                    promote.size(), primary.name());
        } catch (IOException e) {
            joined.forEach(v -> updates.putIfAbsent(v.id(), VolumeReplicationUpdate.failed(v.id(),
                    ReplicationStatus.FAILOVER_ERROR, e.getMessage())));
        }
    }

    /**
     * Discard: a returning primary may not have heard of the target's generation yet: told first, its promote goes
     * above it, so the target is fenced and the reprotect copies the primary's blocks over what the target changed.
     * One batch call per step (fence, promote, reprotect) for all the volumes.
     */
    private void discardAndSwitchBack(List<ReplicatedVolume> volumes, Map<String, JsonNode> onTarget,
            Map<String, VolumeReplicationUpdate> updates) {
        if (volumes.isEmpty()) {
            return;
        }
        Map<String, Long> generations = new LinkedHashMap<>();
        volumes.forEach(v -> generations.put(v.id(), onTarget.get(v.id()).path("generation").asLong()));
        try {
            List<String> promote = new ArrayList<>();
            for (JsonNode fenced : primary.fenceAll(generations, "driver")) {
                // Fenced already (it learnt the generation itself) is as good.
                if (fenced.path("ok").asBoolean() || "fenced".equals(fenced.path("error").path("kind").asText())) {
                    promote.add(fenced.path("id").asText());
                } else {
                    failed(updates, fenced, ReplicationStatus.FAILOVER_ERROR, "fence on " + primary.name());
                }
            }
            List<String> reprotect = new ArrayList<>();
            for (JsonNode answer : primary.promote(promote, "driver", false)) {
                if (answer.path("ok").asBoolean()) {
                    reprotect.add(answer.path("id").asText());
                } else {
                    failed(updates, answer, ReplicationStatus.FAILOVER_ERROR, "promote on " + primary.name());
                }
            }
            for (JsonNode answer : primary.reprotectAll(reprotect)) {
                String id = answer.path("id").asText();
                if (!answer.path("ok").asBoolean()) {
                    failed(updates, answer, ReplicationStatus.FAILOVER_ERROR, "reprotect on " + primary.name());
                    continue;
                }
                long lost = onTarget.get(id).path("pair").path("pending_bytes").asLong(0);
                LOG.logf(lost == 0 ? Logger.Level.DEBUG : Logger.Level.INFO,
                        "volume %s: served by the primary again, the target's changes discarded (%d bytes dropped)",
                        id, lost);
                updates.put(id, new VolumeReplicationUpdate(id, ReplicationStatus.ENABLED, lost, null, null));
            }
            LOG.infof("backend %s: %d volumes served by array %s again, the target's changes discarded", backend,
                    reprotect.size(), primary.name());
        } catch (IOException | RuntimeException e) {
            volumes.forEach(v -> {
                if (!updates.containsKey(v.id())) {
                    failedBack(updates, v.id(), e.getMessage());
                }
            });
        }
    }

    private static void failedBack(Map<String, VolumeReplicationUpdate> updates, String id, String error) {
        LOG.warnf("volume %s: fail back failed: %s", id, error);
        updates.put(id, VolumeReplicationUpdate.failed(id, ReplicationStatus.FAILOVER_ERROR, error));
    }

    @Override
    public FailoverResult reprotect(ReplicationRequest request) {
        ReplicationTarget target = target(request.targetBackendId());
        ArrayClient targetArray = targetArrays.get(target.backendId());
        // The target keeps serving: the result names it, as Cinder names the active backend of a failed-over host.
        Map<String, VolumeReplicationUpdate> updates = new LinkedHashMap<>();
        Map<String, JsonNode> onTarget = views(targetArray, ids(request.volumes()));
        List<String> toReprotect = new ArrayList<>();
        for (ReplicatedVolume volume : request.volumes()) {
            String id = volume.id();
            JsonNode view = onTarget.get(id);
            if (!serves(view)) {
                // A volume that cannot be reprotected stays as it is.
                updates.put(id, VolumeReplicationUpdate.failed(id, ReplicationStatus.ENABLED, "volume " + id
                        + " is served by the primary, not failed over: there is nothing to reprotect"));
                continue;
            }
            toReprotect.add(id);
        }
        if (toReprotect.isEmpty()) {
            return new FailoverResult(target.backendId(), inOrder(request, updates));
        }
        try {
            long copied = 0;
            for (JsonNode answer : targetArray.reprotectAll(toReprotect)) {
                String id = answer.path("id").asText();
                if (answer.path("ok").asBoolean()) {
                    copied += answer.path("copied_blocks").asLong();
                    updates.put(id, VolumeReplicationUpdate.of(id, ReplicationStatus.ENABLED));
                } else {
                    failed(updates, answer, ReplicationStatus.FAILED_OVER, "reprotect on " + targetArray.name());
                }
            }
            LOG.infof("backend %s: %d volumes reprotected, the old primary replicates from %s (%d blocks copied)",
                    backend, toReprotect.size(), targetArray.name(), copied);
        } catch (IOException e) {
            LOG.warnf("backend %s: reprotect failed: %s", backend, e.getMessage());
            toReprotect.forEach(id -> updates.putIfAbsent(id, VolumeReplicationUpdate.failed(id,
                    ReplicationStatus.FAILED_OVER, e.getMessage())));
        }
        return new FailoverResult(target.backendId(), inOrder(request, updates));
    }

    /**
     * One list call per array: each replicated volume's lag as the side serving it reports it. An async pair lags
     * by the age of its newest image both sides hold while anything is pending; a sync pair that lost its peer
     * protects nothing, so its lag is how long ago that happened.
     */
    @Override
    public Map<String, ReplicationLag> lag() {
        Map<String, ReplicationLag> lag = new HashMap<>();
        if (replicas.isEmpty()) {
            return lag;
        }
        Map<String, JsonNode> serving = new HashMap<>();
        List<ArrayClient> arrays = new ArrayList<>(List.of(primary));
        targetArrays.values().stream().filter(a -> !arrays.contains(a)).forEach(arrays::add);
        for (ArrayClient array : arrays) {
            try {
                for (JsonNode view : array.paired()) {
                    String id = view.path("id").asText();
                    if (replicas.containsKey(id) && (view.path("role").asText().equals("primary")
                            || !serving.containsKey(id))) {
                        serving.put(id, view);
                    }
                }
            } catch (IOException e) {
                LOG.debugf("backend %s: lag not read from array %s: %s", backend, array.name(), e.getMessage());
            }
        }
        Instant now = Instant.now();
        serving.forEach((id, view) -> {
            // Deleted or disabled while the arrays were read: nothing to report for it.
            Replica replica = replicas.get(id);
            if (replica != null) {
                lag.put(id, lag(replica.volume(), view.path("pair"), now));
            }
        });
        return lag;
    }

    private static ReplicationLag lag(ReplicatedVolume volume, JsonNode pair, Instant now) {
        Instant lastConsistent = instant(pair.path("last_consistent_at"));
        long pending = pair.path("pending_bytes").asLong();
        if (volume.mode() == ReplicationMode.ASYNC) {
            double seconds = pair.path("lag_seconds").asDouble(0);
            Duration rpo = volume.rpoSeconds() == null ? null : Duration.ofSeconds(volume.rpoSeconds());
            LagLevel level = rpo == null ? LagLevel.OK : LagLevel.of(seconds, volume.rpoSeconds());
            return new ReplicationLag(lastConsistent, Duration.ZERO, 0, pending, seconds, level, rpo, lastConsistent,
                    null);
        }
        // A sync pair going on alone protects nothing: its lag is how long it has; in step, both sides hold now.
        if (pair.path("peer_lost").asBoolean()) {
            Instant since = Optional.ofNullable(instant(pair.path("peer_lost_since"))).orElse(now);
            double seconds = Duration.between(since, now).toMillis() / 1000.0;
            return new ReplicationLag(lastConsistent, Duration.ZERO, 0, pending, seconds, LagLevel.CRITICAL, null,
                    since, since);
        }
        return new ReplicationLag(now, Duration.ZERO, 0, 0, 0, LagLevel.OK, null, now, null);
    }

    /**
     * One list call per target array: each volume's replica must serve there (promoted by a failover, not fenced);
     * its identity is the target array's view of it.
     */
    @Override
    public List<ExportedReplica> exportReplicas(List<String> volumeIds) {
        Map<String, List<String>> byTarget = new LinkedHashMap<>();
        Map<String, ExportedReplica> answers = new HashMap<>();
        for (String id : volumeIds) {
            Replica replica = replicas.get(id);
            if (replica == null) {
                answers.put(id, ExportedReplica.failed(id, "volume " + id + " is not replicated by backend "
                        + backend));
            } else {
                byTarget.computeIfAbsent(replica.targetId(), t -> new ArrayList<>()).add(id);
            }
        }
        Instant now = Instant.now();
        byTarget.forEach((targetId, ids) -> {
            ArrayClient targetArray = targetArrays.get(targetId);
            Map<String, JsonNode> views;
            try {
                views = byId(targetArray.list(ids));
            } catch (IOException e) {
                ids.forEach(id -> answers.put(id, ExportedReplica.failed(id, "volume " + id + ": array "
                        + targetArray.name() + " does not answer: " + e.getMessage())));
                return;
            }
            for (String id : ids) {
                JsonNode view = views.get(id);
                if (view == null) {
                    answers.put(id, ExportedReplica.failed(id, "volume " + id + " has no replica on array "
                            + targetArray.name()));
                } else if (!serves(view)) {
                    answers.put(id, ExportedReplica.failed(id, "volume " + id + " is not failed over: its replica"
                            + " on array " + targetArray.name() + " does not serve (" + view.path("role").asText()
                            + (view.has("fence") ? ", fenced" : "") + "); only a failed-over replica can be"
                            + " exported"));
                } else {
                    answers.put(id, ExportedReplica.ok(export(replicas.get(id), targetId, view, now)));
                }
            }
        });
        return volumeIds.stream().map(answers::get).toList();
    }

    /**
     * The replica's identity as its array shows it. A replica holds no pool label of its own (the pair created it),
     * so its pool is the volume's. Its consistent point is the last image applied (async), or, when the array shows
     * none, now: a replica that serves holds everything acknowledged on it.
     */
    private static ReplicaExport export(Replica replica, String targetId, JsonNode view, Instant now) {
        String array = view.path("array").asText();
        String pool = view.path("pool").asText(replica.volume().pool());
        Instant consistentAt = Optional.ofNullable(instant(view.path("pair").path("last_consistent_at")))
                .orElse(now);
        return new ReplicaExport(replica.volume().id(), array, targetId, array + ":" + pool + "/volume-"
                + replica.volume().id(), pool, view.path("size_bytes").asLong(), view.path("generation").asLong(),
                consistentAt);
    }

    /** One {@code volumes:export} call per array holding replicas of the volumes. */
    @Override
    public Map<String, String> recordExports(List<ExportRecord> exports) {
        Map<String, String> failed = new LinkedHashMap<>();
        Map<String, List<ArrayClient.ExportMarker>> byTarget = new LinkedHashMap<>();
        for (ExportRecord export : exports) {
            Replica replica = replicas.get(export.volumeId());
            if (replica == null) {
                failed.put(export.volumeId(), "volume " + export.volumeId() + " is not replicated by backend "
                        + backend);
            } else {
                byTarget.computeIfAbsent(replica.targetId(), t -> new ArrayList<>()).add(new ArrayClient.ExportMarker(
                        export.volumeId(), export.documentId(), export.digest()));
            }
        }
        byTarget.forEach((targetId, markers) -> {
            ArrayClient targetArray = targetArrays.get(targetId);
            try {
                for (JsonNode answer : targetArray.recordExports(markers)) {
                    if (!answer.path("ok").asBoolean()) {
                        failed.put(answer.path("id").asText(), "volume " + answer.path("id").asText() + ": array "
                                + targetArray.name() + " did not record the export: "
                                + answer.path("error").path("message").asText("refused"));
                    }
                }
                LOG.infof("backend %s: %d exports recorded on array %s", backend, markers.size(),
                        targetArray.name());
            } catch (IOException e) {
                markers.forEach(m -> failed.put(m.id(), "volume " + m.id() + ": array " + targetArray.name()
                        + " did not record the export: " + e.getMessage()));
            }
        });
        return failed;
    }

    @Override
    public void forgetReplicas(List<String> volumeIds) {
        volumeIds.forEach(id -> {
            replicas.remove(id);
            reportedLost.remove(id);
            reportedPromoted.remove(id);
        });
    }

    /**
     * Refreshes whether each target's array answers, and reads what the mediator decided since the last look: the
     * arrays ship, probe and obey the mediator by themselves, this service only records it.
     */
    @Override
    public List<MediatorDecision> housekeeping() {
        targets.keySet().forEach(id -> reachable.put(id, answers(id)));
        primaryReachable = answers(primary);
        if (mediator.isEmpty()) {
            return List.of();
        }
        List<MediatorDecision> found = new ArrayList<>();
        try {
            List<JsonNode> page;
            do {
                page = mediator.get().decisionsAfter(mediatorCursor);
                for (JsonNode decision : page) {
                    MediatorDecision mine = decided(decision);
                    if (mine != null) {
                        found.add(mine);
                    }
                    mediatorCursor = Math.max(mediatorCursor, decision.path("seq").asLong());
                }
            } while (!page.isEmpty() && found.size() < 100);
        } catch (IOException e) {
            LOG.debugf("backend %s: mediator not read: %s", backend, e.getMessage());
        }
        return found;
    }

    /**
     * One mediator decision as this backend's volumes see it: their primary lost (or their target promoted), their
     * target cut off, their primary back. Null when it names none of them.
     */
    private MediatorDecision decided(JsonNode decision) {
        String verdict = decision.path("verdict").asText();
        String lostSide = decision.path("lost_side").asText(null);
        String reason = decision.path("reason").asText(verdict) + " (mediator decision "
                + decision.path("id").asText() + ")";
        if ("site_lost".equals(verdict) && lostSide != null) {
            declaredLost.add(lostSide);
        }
        List<MediatorDecision.Entry> entries = new ArrayList<>();
        for (JsonNode action : decision.path("volumes")) {
            Replica replica = replicas.get(action.path("id").asText());
            if (replica == null) {
                continue;
            }
            String id = replica.volume().id();
            String target = targetArrays.get(replica.targetId()).name();
            String side = action.path("side").asText();
            String what = action.path("action").asText();
            boolean onTarget = target.equals(side);
            if ("recovered".equals(verdict)) {
                reportedPromoted.remove(id);
                if (reportedLost.remove(id)) {
                    entries.add(new MediatorDecision.Entry(id, MediatorDecided.Kind.PRIMARY_RECOVERED, false));
                }
            } else if (onTarget && "promoted".equals(what)) {
                // The target serves already (active/active at once, active/passive after the mediator's grace):
                // reported even after a "waiting_grace" of the same loss, so the failover is recorded now.
                reportedLost.add(id);
                if (reportedPromoted.add(id)) {
                    entries.add(new MediatorDecision.Entry(id, MediatorDecided.Kind.PRIMARY_LOST, true));
                }
            } else if (onTarget && "waiting_grace".equals(what) || !onTarget && "fenced".equals(what)) {
                if (reportedLost.add(id)) {
                    entries.add(new MediatorDecision.Entry(id, MediatorDecided.Kind.PRIMARY_LOST, false));
                }
            } else if (!onTarget && ("promoted".equals(what) || "kept_serving".equals(what)) || onTarget
                    && "fenced".equals(what)) {
                entries.add(new MediatorDecision.Entry(id, MediatorDecided.Kind.TARGET_FENCED, false));
            }
        }
        if ("recovered".equals(verdict) && lostSide != null) {
            declaredLost.remove(lostSide);
        }
        return entries.isEmpty() ? null : new MediatorDecision(decision.path("id").asText(), verdict, reason,
                instant(decision.path("detected_at")), instant(decision.path("decided_at")), entries);
    }

    @Override
    public OptionalLong mediatorCursor() {
        return mediator.isPresent() ? OptionalLong.of(mediatorCursor) : OptionalLong.empty();
    }

    /**
     * Resumes after the stored cursor. The arrays the mediator declared lost are learnt again from the decisions
     * before it, without reporting them twice.
     */
    @Override
    public void resumeMediatorAfter(long cursor) {
        if (mediator.isEmpty() || cursor <= 0) {
            return;
        }
        try {
            long seq = 0;
            boolean more = true;
            while (more) {
                List<JsonNode> page = mediator.get().decisionsAfter(seq);
                more = !page.isEmpty();
                for (JsonNode decision : page) {
                    if (decision.path("seq").asLong() > cursor) {
                        more = false;
                        break;
                    }
                    decided(decision);
                    seq = decision.path("seq").asLong();
                }
            }
        } catch (IOException e) {
            LOG.warnf("backend %s: mediator not read at start: %s", backend, e.getMessage());
        }
        mediatorCursor = cursor;
    }

    /** The array a target's backend_id names, for the admin data plane. */
    public Optional<ArrayClient> targetArray(String targetId) {
        return Optional.ofNullable(targetArrays.get(targetId));
    }

    /** The target a volume replicates to, if this driver replicates it. */
    public Optional<String> targetOf(String volumeId) {
        return Optional.ofNullable(replicas.get(volumeId)).map(Replica::targetId);
    }

    public ArrayClient primaryArray() {
        return primary;
    }

    // ---- helpers ----

    private static boolean activeActive(ReplicatedVolume volume) {
        return volume.mode() == ReplicationMode.SYNC && volume.syncTopology() == SyncTopology.ACTIVE_ACTIVE;
    }

    /**
     * This side is the primary and takes writes. A target's side is created a secondary, so on the target this means
     * promoted: failed over.
     */
    private static boolean serves(JsonNode view) {
        return view != null && view.path("role").asText().equals("primary") && view.path("serving").asBoolean();
    }

    /** The primary's side serves, and above the target's generation (a returning old primary may not know yet). */
    private static boolean servedByPrimary(JsonNode home, JsonNode away) {
        return serves(home) && (!serves(away) || home.path("generation").asLong() > away.path("generation").asLong());
    }

    private static FencedBy fencedBy(String promotedBy) {
        if (promotedBy == null) {
            return FencedBy.PLANNED;
        }
        return switch (promotedBy) {
            case "mediator" -> FencedBy.MEDIATOR;
            case "operator" -> FencedBy.OPERATOR;
            case "driver" -> FencedBy.DRIVER;
            default -> FencedBy.PLANNED;
        };
    }

    private boolean answersFor(ArrayClient array, List<ReplicatedVolume> volumes) {
        try {
            array.list(List.of(volumes.get(0).id()));
            return true;
        } catch (IOException e) {
            LOG.warnf("backend %s: array %s does not answer (%s): the switch is unplanned", backend, array.name(),
                    e.getMessage());
            return false;
        }
    }

    private Map<String, JsonNode> views(ArrayClient array, List<String> ids) {
        try {
            return byId(array.list(ids));
        } catch (IOException e) {
            LOG.debugf("array %s: %s", array.name(), e.getMessage());
            return Map.of();
        }
    }

    private static Map<String, JsonNode> byId(List<JsonNode> views) {
        Map<String, JsonNode> byId = new HashMap<>();
        views.forEach(view -> byId.put(view.path("id").asText(), view));
        return byId;
    }

    private static List<String> ids(List<ReplicatedVolume> volumes) {
        return volumes.stream().map(ReplicatedVolume::id).toList();
    }

    private static void failed(Map<String, VolumeReplicationUpdate> updates, JsonNode answer,
            ReplicationStatus status, String what) {
        String id = answer.path("id").asText();
        String message = answer.path("error").path("message").asText("refused");
        LOG.warnf("volume %s: %s failed: %s", id, what, message);
        updates.put(id, VolumeReplicationUpdate.failed(id, status, what + ": " + message));
    }

    private static List<VolumeReplicationUpdate> failAll(ReplicationRequest request, ReplicationStatus status,
            String error) {
        LOG.warn(error);
        return request.volumes().stream().map(v -> VolumeReplicationUpdate.failed(v.id(), status, error)).toList();
    }

    private static List<VolumeReplicationUpdate> inOrder(ReplicationRequest request,
            Map<String, VolumeReplicationUpdate> updates) {
        return request.volumes().stream().map(v -> updates.getOrDefault(v.id(), VolumeReplicationUpdate.failed(
                v.id(), ReplicationStatus.FAILOVER_ERROR, "no answer for volume " + v.id()))).toList();
    }

    private static Instant instant(JsonNode node) {
        return node.isTextual() ? Instant.parse(node.asText()) : null;
    }

    private ReplicationTarget target(String backendId) {
        ReplicationTarget target = backendId == null && targets.size() == 1 ? targets.values().iterator().next()
                : targets.get(backendId);
        if (target == null) {
            throw new VolumeDriverException("backend " + backend + " has no replication target '" + backendId
                    + "' (targets: " + String.join(", ", targets.keySet()) + ")");
        }
        return target;
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
}
