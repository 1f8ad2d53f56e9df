package org.replication.v3.volume.group.service;

import io.smallrye.mutiny.Uni;
import io.quarkus.hibernate.reactive.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jboss.logging.Logger;
import org.replication.v3.common.group.GroupMember;
import org.replication.v3.common.group.GroupMembershipChanged;
import org.replication.v3.common.group.UpdateGroupOnBackend;
import org.replication.v3.common.messaging.TopicNames;
import org.replication.v3.common.outbox.Outbox;
import org.replication.v3.common.replication.InvalidReplicationSpec;
import org.replication.v3.common.replication.ReplicationScope;
import org.replication.v3.common.replication.ReplicationSettings;
import org.replication.v3.common.replication.ReplicationSpecs;
import org.replication.v3.common.replication.ReplicationStatus;
import org.replication.v3.common.replication.VolumeReplication;
import org.replication.v3.volume.backend.Backend;
import org.replication.v3.volume.backend.DriverCalls;
import org.replication.v3.volume.driver.ReplicatedVolume;
import org.replication.v3.volume.driver.ReplicationDriver;
import org.replication.v3.volume.driver.ReplicationRequest;
import org.replication.v3.volume.driver.VolumeDriverException;
import org.replication.v3.volume.driver.VolumeReplicationUpdate;
import org.replication.v3.volume.lifecycle.Volume;
import org.replication.v3.volume.lifecycle.repository.Volumes;
import org.replication.v3.volume.replication.service.ReplicationOnCreate;

/**
 * Cinder's update_group with add_volumes / remove_volumes, on the backend that holds the group. A group that does
 * not replicate only records who is in it. A replicating one asks its replication driver, once for each direction:
 * the joining volumes start replicating with the group (one target, one mode, so that the group fails over as one
 * consistent image; their data is copied first), the leaving ones stop (Cinder's drivers take them out of the
 * group's replication). What the scope forbids is refused here again, before the driver is asked: a volume
 * replicated on its own, one in a pool or backend replicated as a whole, one whose replication would differ from
 * the group's. The driver calls run outside any transaction; the outcome is recorded after them in the command's
 * inbox transaction, and answers with the whole membership and each named volume's outcome.
 */
@ApplicationScoped
public class GroupMembership {

    private static final Logger LOG = Logger.getLogger(GroupMembership.class);

    @Inject
    DriverCalls driver;
    @Inject
    Outbox outbox;
    @Inject
    TopicNames topics;
    @Inject
    ReplicationOnCreate replication;
    @Inject
    Volumes volumes;

    /** What happens to each volume; the driver's part is filled in on a worker. */
    public static final class Change {

        final List<GroupMembershipChanged.Member> results = new ArrayList<>();
        final List<Volume> leaving = new ArrayList<>();
        final List<Volume> joining = new ArrayList<>();
        final Map<String, ReplicationSettings> joiningSettings = new HashMap<>();
        String target;
        List<VolumeReplicationUpdate> left = List.of();
        List<VolumeReplicationUpdate> joined = List.of();
    }

    /** The named volumes and the group's members as they are now. */
    private record Loaded(Map<String, Volume> byId, List<Volume> members) {
    }

    /** Reads and sorts the volumes, then asks the driver outside any transaction (it copies joining volumes' data). */
    public Uni<Change> update(UpdateGroupOnBackend command, Backend backend) {
        return Panache.withSession(() -> load(command)).flatMap(loaded -> {
            Change change = plan(command, backend, loaded.byId(), loaded.members());
            return driver.run(() -> drive(command, backend, change));
        });
    }

    /**
     * Sorts the volumes again as they are now, in the command's inbox transaction, and records them with the
     * driver's answers (commands for one group arrive in order, so the sort comes out as before the call).
     */
    public Uni<Void> record(UpdateGroupOnBackend command, Backend backend, Change driven) {
        return load(command).flatMap(loaded -> {
            Change change = plan(command, backend, loaded.byId(), loaded.members());
            change.left = answered(driven.left, change.leaving);
            change.joined = answered(driven.joined, change.joining);
            return record(command, loaded.members(), change);
        });
    }

    private Uni<Loaded> load(UpdateGroupOnBackend command) {
        List<String> named = Stream.concat(command.add().stream().map(UpdateGroupOnBackend.Joining::volumeId),
                command.remove().stream().map(GroupMember::volumeId)).toList();
        return volumes.byIds(named).flatMap(byId -> volumes.inGroup(command.groupId())
                .map(members -> new Loaded(byId, members)));
    }

    private static List<VolumeReplicationUpdate> answered(List<VolumeReplicationUpdate> updates, List<Volume> asked) {
        Set<String> ids = asked.stream().map(v -> v.id).collect(Collectors.toSet());
        return updates.stream().filter(u -> ids.contains(u.volumeId())).toList();
    }

    /** Sorts the named volumes: out at once, in at once, or through the driver; refusals are results already. */
    private Change plan(UpdateGroupOnBackend command, Backend backend, Map<String, Volume> byId,
            List<Volume> members) {
        Instant now = Instant.now();
        Change change = new Change();
        for (GroupMember leaving : command.remove()) {
            Volume volume = byId.get(leaving.volumeId());
            if (volume != null && command.groupId().equals(volume.replicationGroupId)
                    && volume.replicationStatus != ReplicationStatus.DISABLED) {
                change.leaving.add(volume);
                continue;
            }
            if (volume != null) {
                volume.groupId = null;
                volume.updatedAt = now;
            }
            change.results.add(new GroupMembershipChanged.Member(leaving.volumeId(), leaving.host(), null, null,
                    null, null));
        }
        // The group's replication as its volumes have it (or, for a group with none yet, as the first joining
        // volume fixes it): every joining volume must match it.
        Settled groupWide = members.stream().filter(v -> command.groupId().equals(v.replicationGroupId))
                .findFirst().map(v -> new Settled(v.replicationMode, v.replicationTarget)).orElse(null);
        for (UpdateGroupOnBackend.Joining joining : command.add()) {
            Volume volume = byId.get(joining.volumeId());
            String refusal = refusal(command, volume, joining);
            if (refusal == null && command.replicating()) {
                try {
                    ReplicationSettings settings = replication.settingsInGroup(joining.host(), joining.extraSpecs(),
                            command.groupSpecs(), backend);
                    Settled wanted = new Settled(settings.mode().value().value(), settings.target().value());
                    if (groupWide == null) {
                        groupWide = wanted;
                    }
                    if (groupWide.equals(wanted)) {
                        if (change.target == null) {
                            change.target = ReplicationOnCreate.target(backend, settings).backendId();
                        }
                        change.joining.add(volume);
                        change.joiningSettings.put(volume.id, settings);
                        continue;
                    }
                    refusal = "volume " + volume.id + " would replicate " + wanted + ", but group "
                            + command.groupId() + " replicates " + groupWide + ", and a group's volumes replicate"
                            + " alike";
                } catch (VolumeDriverException e) {
                    refusal = "volume " + joining.volumeId() + ": " + e.getMessage();
                }
            }
            if (refusal != null) {
                LOG.warnf("group %s: volume %s not added: %s", command.groupId(), joining.volumeId(), refusal);
                change.results.add(new GroupMembershipChanged.Member(joining.volumeId(), joining.host(), null, null,
                        null, refusal));
                continue;
            }
            volume.groupId = command.groupId();
            volume.updatedAt = now;
            change.results.add(new GroupMembershipChanged.Member(joining.volumeId(), joining.host(),
                    command.groupId(), null, null, null));
        }
        return change;
    }

    /** A group's mode and target (null: the backend's first target). */
    private record Settled(String mode, String target) {

        @Override
        public String toString() {
            return mode + " to " + (target == null ? "the backend's first target" : target);
        }
    }

    /** Why a volume cannot join, whatever the group: not here, in another group, or replicated by another unit. */
    private static String refusal(UpdateGroupOnBackend command, Volume volume, UpdateGroupOnBackend.Joining joining) {
        if (volume == null) {
            return "volume " + joining.volumeId() + " is not on " + joining.host();
        }
        if (volume.groupId != null && !volume.groupId.equals(command.groupId())) {
            return "volume " + volume.id + " is already in group " + volume.groupId;
        }
        boolean replicatedAlone = volume.replicationMode != null && volume.replicationGroupId == null
                && volume.replicationStatus != ReplicationStatus.DISABLED;
        if (replicatedType(command) && replicatedAlone) {
            return "volume " + volume.id + " is replicated on its own (or with its pool or backend), and a volume"
                    + " of a replicated group is replicated only as the group is";
        }
        return null;
    }

    /** A group of a replicated type, whether its replication runs now or was disabled (and may be enabled again). */
    private static boolean replicatedType(UpdateGroupOnBackend command) {
        try {
            return ReplicationSpecs.ofGroupType(command.groupSpecs()).replicated();
        } catch (InvalidReplicationSpec e) {
            return command.replicating();
        }
    }

    /** The driver's part, on a worker: one call to take the leaving volumes out, one to add the joining ones. */
    private static Change drive(UpdateGroupOnBackend command, Backend backend, Change change) {
        if (change.leaving.isEmpty() && change.joining.isEmpty()) {
            return change;
        }
        if (backend.replication().isEmpty()) {
            String error = "backend " + backend.name() + " does not replicate";
            change.left = failed(change.leaving, error);
            change.joined = failed(change.joining, error);
            return change;
        }
        ReplicationDriver driver = backend.replication().get();
        if (!change.leaving.isEmpty()) {
            String target = change.leaving.stream().map(v -> v.replicationTarget).filter(Objects::nonNull)
                    .findFirst().orElse(null);
            try {
                change.left = driver.disableReplication(new ReplicationRequest(ReplicationScope.GROUP,
                        command.groupId(), target, change.leaving.stream().map(Volume::asReplicated).toList()));
            } catch (RuntimeException e) {
                change.left = failed(change.leaving, e.getMessage());
            }
        }
        if (!change.joining.isEmpty()) {
            List<ReplicatedVolume> joining = change.joining.stream()
                    .map(v -> describe(v, change.joiningSettings.get(v.id))).toList();
            try {
                // Existing volumes hold data: the driver copies it before they count as replicated.
                change.joined = driver.enableReplication(new ReplicationRequest(ReplicationScope.GROUP,
                        command.groupId(), change.target, joining, false, false));
            } catch (RuntimeException e) {
                change.joined = failed(change.joining, e.getMessage());
            }
        }
        return change;
    }

    private Uni<Void> record(UpdateGroupOnBackend command, List<Volume> before, Change change) {
        Instant now = Instant.now();
        Map<String, Volume> leaving = change.leaving.stream().collect(Collectors.toMap(v -> v.id, Function.identity()));
        for (VolumeReplicationUpdate update : change.left) {
            Volume volume = leaving.get(update.volumeId());
            volume.updatedAt = now;
            if (update.error() != null) {
                volume.replicationStatus = ReplicationStatus.ERROR;
                change.results.add(new GroupMembershipChanged.Member(volume.id, volume.host, command.groupId(), null,
                        volume.replicationStatus, "volume " + volume.id + " not taken out: " + update.error()));
                continue;
            }
            volume.groupId = null;
            volume.replicationGroupId = null;
            volume.replicationStatus = ReplicationStatus.DISABLED;
            change.results.add(new GroupMembershipChanged.Member(volume.id, volume.host, null, null,
                    volume.replicationStatus, null));
        }
        Map<String, Volume> joining = change.joining.stream().collect(Collectors.toMap(v -> v.id, Function.identity()));
        for (VolumeReplicationUpdate update : change.joined) {
            Volume volume = joining.get(update.volumeId());
            if (update.error() != null) {
                change.results.add(new GroupMembershipChanged.Member(volume.id, volume.host, null, null, null,
                        "volume " + volume.id + " not added: " + update.error()));
                continue;
            }
            ReplicationSettings settings = change.joiningSettings.get(volume.id);
            VolumeReplication replicated = VolumeReplication.of(settings, ReplicationStatus.ENABLED);
            volume.groupId = command.groupId();
            volume.replicationGroupId = command.groupId();
            volume.replicationStatus = replicated.status();
            volume.replicationMode = replicated.mode().value();
            volume.replicationTarget = replicated.target();
            volume.replicationSyncTopology = replicated.syncTopology() == null ? null
                    : replicated.syncTopology().value();
            volume.replicationMediator = replicated.mediator();
            volume.replicationRpoSeconds = replicated.rpoSeconds();
            volume.replicationActiveSide = Volume.PRIMARY_SIDE;
            volume.updatedAt = now;
            change.results.add(new GroupMembershipChanged.Member(volume.id, volume.host, command.groupId(),
                    replicated, replicated.status(), null));
        }
        Set<String> members = new LinkedHashSet<>(before.stream().map(v -> v.id).toList());
        for (GroupMembershipChanged.Member result : change.results) {
            if (command.groupId().equals(result.groupId())) {
                members.add(result.volumeId());
            } else {
                members.remove(result.volumeId());
            }
        }
        List<String> errors = change.results.stream().map(GroupMembershipChanged.Member::error)
                .filter(Objects::nonNull).toList();
        String error = errors.isEmpty() ? null : String.join("; ", errors);
        return outbox.add(topics.volumeEvents(), new GroupMembershipChanged(command.groupId(), command.host(),
                        List.copyOf(members), error, change.results))
                .invoke(() -> LOG.infof("group %s: %d volumes now on %s after adding %d and removing %d%s",
                        command.groupId(), members.size(), command.host(), command.add().size(),
                        command.remove().size(), error == null ? "" : " (" + error + ")"))
                .replaceWithVoid();
    }

    private static List<VolumeReplicationUpdate> failed(List<Volume> volumes, String error) {
        return volumes.stream().map(v -> VolumeReplicationUpdate.failed(v.id, ReplicationStatus.ERROR, error))
                .toList();
    }

    /** A joining volume as it is to replicate with the group. */
    private static ReplicatedVolume describe(Volume volume, ReplicationSettings settings) {
        VolumeReplication replicated = VolumeReplication.of(settings, ReplicationStatus.ENABLED);
        return new ReplicatedVolume(volume.id, volume.sizeGb, volume.pool, replicated.mode(),
                replicated.syncTopology(), replicated.mediator(), replicated.rpoSeconds());
    }
}
