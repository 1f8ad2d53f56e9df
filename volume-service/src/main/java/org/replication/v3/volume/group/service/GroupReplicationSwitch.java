package org.replication.v3.volume.group.service;

import io.smallrye.mutiny.Uni;
import io.quarkus.hibernate.reactive.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.replication.v3.common.group.ChangeGroupReplication;
import org.replication.v3.common.group.GroupMember;
import org.replication.v3.common.group.GroupReplicationChanged;
import org.replication.v3.common.messaging.TopicNames;
import org.replication.v3.common.outbox.Outbox;
import org.replication.v3.common.replication.ReplicationScope;
import org.replication.v3.common.replication.ReplicationStatus;
import org.replication.v3.volume.backend.Backend;
import org.replication.v3.volume.backend.DriverCalls;
import org.replication.v3.volume.driver.ReplicatedVolume;
import org.replication.v3.volume.driver.ReplicationDriver;
import org.replication.v3.volume.driver.ReplicationRequest;
import org.replication.v3.volume.driver.VolumeReplicationUpdate;
import org.replication.v3.volume.lifecycle.Volume;
import org.replication.v3.volume.lifecycle.repository.Volumes;

/**
 * Tiramisu's enable_replication and disable_replication of a group: one driver call at group scope for the group's
 * volumes on this backend, each volume's new replication_status recorded, one answer event for the group. The
 * driver call (which copies a volume's data when it is enabled again) runs outside any transaction; the outcome is
 * recorded after it in the command's inbox transaction. A volume is enabled again with the settings it
 * was created with; one that was never replicated has none, and fails.
 */
@ApplicationScoped
public class GroupReplicationSwitch {

    private static final Logger LOG = Logger.getLogger(GroupReplicationSwitch.class);

    @Inject
    DriverCalls driver;
    @Inject
    Outbox outbox;
    @Inject
    TopicNames topics;
    @Inject
    Volumes volumes;

    /** What the driver call left: the volumes it was not asked about (with why), and its answer for the others. */
    public record Driven(List<GroupReplicationChanged.VolumeResult> results, List<VolumeReplicationUpdate> updates) {
    }

    /** Reads the group's volumes, then asks the driver once for those it can act on, outside any transaction. */
    public Uni<Driven> change(ChangeGroupReplication command, Backend backend) {
        List<String> ids = command.volumes().stream().map(GroupMember::volumeId).toList();
        return Panache.withSession(() -> volumes.byIds(ids)).flatMap(byId -> {
            List<GroupReplicationChanged.VolumeResult> results = new ArrayList<>();
            List<ReplicatedVolume> driven = new ArrayList<>();
            String target = null;
            for (String id : ids) {
                Volume volume = byId.get(id);
                if (volume == null) {
                    results.add(failed(id, "volume " + id + " is not on " + command.host()));
                } else if (volume.replicationMode == null) {
                    // Never replicated: nothing to stop, and no settings to start it with.
                    results.add(command.enable() ? failed(id, "volume " + id + " was not created replicated; its"
                            + " replication settings are unknown")
                            : new GroupReplicationChanged.VolumeResult(id, ReplicationStatus.DISABLED, null));
                } else {
                    driven.add(volume.asReplicated());
                    // The group's volumes were created towards one target (the driver holds a group to one).
                    target = target == null ? volume.replicationTarget : target;
                }
            }
            String towards = target;
            return driver.run(() -> drive(command, backend, towards, driven))
                    .map(updates -> new Driven(results, updates));
        });
    }

    /** Records each volume's new replication_status and answers for the group, in the inbox transaction. */
    public Uni<Void> record(ChangeGroupReplication command, Backend backend, Driven driven) {
        return volumes.byIds(driven.updates().stream().map(VolumeReplicationUpdate::volumeId).toList())
                .flatMap(byId -> record(command, byId, new ArrayList<>(driven.results()), driven.updates()));
    }

    private static List<VolumeReplicationUpdate> drive(ChangeGroupReplication command, Backend backend,
            String target, List<ReplicatedVolume> volumes) {
        if (volumes.isEmpty()) {
            return List.of();
        }
        if (backend.replication().isEmpty()) {
            return volumes.stream().map(v -> VolumeReplicationUpdate.failed(v.id(), ReplicationStatus.ERROR,
                    "backend " + backend.name() + " does not replicate")).toList();
        }
        ReplicationDriver driver = backend.replication().get();
        ReplicationRequest request = new ReplicationRequest(ReplicationScope.GROUP, command.groupId(), target,
                volumes);
        try {
            return command.enable() ? driver.enableReplication(request) : driver.disableReplication(request);
        } catch (RuntimeException e) {
            return volumes.stream().map(v -> VolumeReplicationUpdate.failed(v.id(), ReplicationStatus.ERROR,
                    e.getMessage())).toList();
        }
    }

    private Uni<Void> record(ChangeGroupReplication command, Map<String, Volume> byId,
            List<GroupReplicationChanged.VolumeResult> results, List<VolumeReplicationUpdate> updates) {
        Instant now = Instant.now();
        for (VolumeReplicationUpdate update : updates) {
            Volume volume = byId.get(update.volumeId());
            if (volume == null) {
                // Deleted while the driver ran: nothing left to record for it.
                continue;
            }
            boolean enabled = command.enable() && update.error() == null;
            if (enabled && volume.replicationStatus != ReplicationStatus.ENABLED) {
                // Its pair was dropped when it was disabled: the new one replicates from the primary.
                volume.replicationActiveSide = Volume.PRIMARY_SIDE;
            }
            volume.replicationStatus = update.status();
            volume.replicationGroupId = enabled ? command.groupId() : null;
            volume.updatedAt = now;
            results.add(new GroupReplicationChanged.VolumeResult(update.volumeId(), update.status(),
                    update.error()));
        }
        List<String> errors = results.stream().filter(r -> r.error() != null)
                .map(GroupReplicationChanged.VolumeResult::error).toList();
        ReplicationStatus group = !errors.isEmpty() ? ReplicationStatus.ERROR
                : command.enable() ? ReplicationStatus.ENABLED : ReplicationStatus.DISABLED;
        String error = errors.isEmpty() ? null : String.join("; ", errors);
        return outbox.add(topics.volumeEvents(), new GroupReplicationChanged(command.groupId(), command.enable(),
                        group, error, results))
                .invoke(() -> LOG.infof("group %s: replication %s on %s for %d volumes: %s%s", command.groupId(),
                        command.enable() ? "enabled" : "disabled", command.host(), results.size(), group.value(),
                        error == null ? "" : " (" + error + ")"))
                .replaceWithVoid();
    }

    private static GroupReplicationChanged.VolumeResult failed(String volumeId, String error) {
        return new GroupReplicationChanged.VolumeResult(volumeId, ReplicationStatus.ERROR, error);
    }
}
