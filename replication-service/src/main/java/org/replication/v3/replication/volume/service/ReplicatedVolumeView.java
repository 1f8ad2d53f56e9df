package org.replication.v3.replication.volume.service;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.replication.v3.common.crosscloud.ReplicasExported;
import org.replication.v3.common.group.GroupMembershipChanged;
import org.replication.v3.common.group.GroupReplicationChanged;
import org.replication.v3.common.replication.ReplicationEnabled;
import org.replication.v3.common.replication.VolumeReplication;
import org.replication.v3.common.volume.VolumeDeleted;
import org.replication.v3.common.volume.VolumeHost;
import org.replication.v3.replication.volume.ReplicatedVolume;
import org.replication.v3.replication.volume.repository.ReplicatedVolumes;

/**
 * Keeps the replication-service's view of replicated volumes (what each volume, group, pool and backend holds)
 * from the volume-service's events. Each method runs in the caller's transaction.
 */
@ApplicationScoped
public class ReplicatedVolumeView {

    private static final Logger LOG = Logger.getLogger(ReplicatedVolumeView.class);

    @Inject
    ReplicatedVolumes volumes;

    /** A volume replicated from now on, or its replication changed: stored as the event says. */
    public Uni<Void> replicated(ReplicationEnabled enabled) {
        VolumeReplication replication = enabled.replication();
        if (replication == null) {
            return Uni.createFrom().voidItem();
        }
        return volumes.findById(enabled.volumeId()).flatMap(found -> {
            ReplicatedVolume volume = found == null ? new ReplicatedVolume() : found;
            volume.volumeId = enabled.volumeId();
            volume.host = enabled.host();
            volume.backendHost = VolumeHost.parse(enabled.host()).backendHost();
            volume.groupId = enabled.groupId();
            volume.mode = replication.mode().value();
            volume.target = replication.target();
            volume.mediator = replication.mediator();
            volume.rpoSeconds = replication.rpoSeconds();
            volume.replicationStatus = replication.status().value();
            volume.updatedAt = Instant.now();
            LOG.debugf("volume %s: replicated %s to %s", volume.volumeId, volume.mode, volume.target);
            return found == null ? volumes.persist(volume).replaceWithVoid() : Uni.createFrom().voidItem();
        });
    }

    public Uni<Void> deleted(VolumeDeleted deleted) {
        return volumes.deleteById(deleted.volumeId()).replaceWithVoid();
    }

    /**
     * Volumes exported to another cloud with clear_existing: the volume-service deleted its rows of them, so this
     * view forgets them too (a failover planned later must not find them). A volume that failed to export stays.
     */
    public Uni<Void> exported(ReplicasExported exported) {
        if (!exported.clearedExisting()) {
            return Uni.createFrom().voidItem();
        }
        List<String> cleared = exported.results().stream().filter(result -> result.error() == null)
                .map(ReplicasExported.Result::volumeId).toList();
        if (cleared.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return volumes.forget(cleared).invoke(forgotten -> LOG.infof(
                "export %s: %d of %d exported volumes forgotten (cleared in this cloud)", exported.exportId(),
                forgotten, cleared.size())).replaceWithVoid();
    }

    /**
     * A group's replication enabled or disabled: each volume's status as the backend reported it, so that a
     * disabled group's volumes are not planned into a failover. One statement per status.
     */
    public Uni<Void> groupReplicationChanged(GroupReplicationChanged changed) {
        Map<String, List<String>> byStatus = new LinkedHashMap<>();
        changed.volumes().forEach(v -> byStatus.computeIfAbsent(v.replicationStatus().value(), k -> new ArrayList<>())
                .add(v.volumeId()));
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Map.Entry<String, List<String>> status : byStatus.entrySet()) {
            chain = chain.chain(() -> volumes.mark(status.getKey(), status.getValue()));
        }
        return chain.invoke(() -> LOG.infof("group %s: replication %s for %d volumes", changed.groupId(),
                changed.replicationStatus(), changed.volumes().size()));
    }

    /**
     * A group's membership changed (update_group): a group failover switches exactly its members from now on. A
     * volume that joined with the group's replication is known from here on, with its replication; one that left
     * stops replicating, so a failover of its own finds nothing to switch; and no other volume counts as the
     * group's any more.
     */
    public Uni<Void> membershipChanged(GroupMembershipChanged changed) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (GroupMembershipChanged.Member member : changed.volumes()) {
            if (member.replication() != null) {
                chain = chain.chain(() -> replicated(new ReplicationEnabled(member.volumeId(), member.host(),
                        member.replication(), null, member.groupId())));
            } else if (member.groupId() == null && member.replicationStatus() != null) {
                chain = chain.chain(() -> volumes.leaveGroup(member.volumeId(), changed.groupId(),
                        member.replicationStatus().value()));
            }
        }
        return chain.chain(() -> volumes.keepOnlyMembers(changed.groupId(), changed.members()))
                .invoke(left -> LOG.infof("group %s: %d members after its update%s", changed.groupId(),
                        changed.members().size(), left == 0 ? "" : ", " + left + " more no longer in it"))
                .replaceWithVoid();
    }
}
