package org.replication.v3.replication.volume;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.replication.v3.common.failover.VolumesSwitched;
import org.replication.v3.common.group.GroupMembershipChanged;
import org.replication.v3.common.group.GroupReplicationChanged;
import org.replication.v3.common.inbox.Inbox;
import org.replication.v3.common.messaging.Channels;
import org.replication.v3.common.messaging.ConsumerRetry;
import org.replication.v3.common.messaging.EventCodec;
import org.replication.v3.common.messaging.EventEnvelope;
import org.replication.v3.common.replication.MediatorDecided;
import org.replication.v3.common.replication.ReplicationEnabled;
import org.replication.v3.common.replication.VolumeReplication;
import org.replication.v3.common.volume.VolumeDeleted;
import org.replication.v3.common.volume.VolumeHost;
import org.replication.v3.replication.operation.Operations;

/**
 * Keeps the replication-service's view of replicated volumes from volume events, applies the volume-service's
 * switch results to their operations, and notes what mediators report.
 */
@ApplicationScoped
public class VolumeEventConsumer {

    private static final Logger LOG = Logger.getLogger(VolumeEventConsumer.class);

    private final EventCodec codec;
    private final Inbox inbox;
    private final ConsumerRetry retry;
    private final Operations operations;

    public VolumeEventConsumer(EventCodec codec, Inbox inbox, ConsumerRetry retry, Operations operations) {
        this.codec = codec;
        this.inbox = inbox;
        this.retry = retry;
        this.operations = operations;
    }

    @Incoming(Channels.VOLUME_EVENTS_IN)
    public Uni<Void> onEvent(String record) {
        EventEnvelope event = codec.decode(record);
        return switch (event.type()) {
            case ReplicationEnabled.TYPE -> retry.run(() -> inbox.applyOnce(event,
                    () -> replicated(codec.data(event, ReplicationEnabled.class))));
            case VolumeDeleted.TYPE -> retry.run(() -> inbox.applyOnce(event,
                    () -> ReplicatedVolume.delete("volumeId", event.subject()).replaceWithVoid()));
            case VolumesSwitched.TYPE -> retry.run(() -> inbox.applyOnce(event,
                    () -> operations.apply(codec.data(event, VolumesSwitched.class))));
            case MediatorDecided.TYPE -> retry.run(() -> inbox.applyOnce(event,
                    () -> mediator(codec.data(event, MediatorDecided.class))));
            case GroupReplicationChanged.TYPE -> retry.run(() -> inbox.applyOnce(event,
                    () -> groupReplication(codec.data(event, GroupReplicationChanged.class))));
            case GroupMembershipChanged.TYPE -> retry.run(() -> inbox.applyOnce(event,
                    () -> membership(codec.data(event, GroupMembershipChanged.class))));
            default -> Uni.createFrom().voidItem();
        };
    }

    private Uni<Void> replicated(ReplicationEnabled enabled) {
        VolumeReplication replication = enabled.replication();
        if (replication == null) {
            return Uni.createFrom().voidItem();
        }
        return ReplicatedVolume.<ReplicatedVolume>findById(enabled.volumeId()).flatMap(found -> {
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
            return found == null ? volume.persist().replaceWithVoid() : Uni.createFrom().voidItem();
        });
    }

    /**
     * A group's replication enabled or disabled: each volume's status as the backend reported it, so that a
     * disabled group's volumes are not planned into a failover.
     */
    private Uni<Void> groupReplication(GroupReplicationChanged changed) {
        Map<String, List<String>> byStatus = new LinkedHashMap<>();
        changed.volumes().forEach(v -> byStatus.computeIfAbsent(v.replicationStatus(), k -> new ArrayList<>())
                .add(v.volumeId()));
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Map.Entry<String, List<String>> status : byStatus.entrySet()) {
            chain = chain.chain(() -> Panache.getSession().flatMap(session -> session.createNativeQuery(
                            "update replicated_volume set replication_status = ?1, updated_at = now()"
                                    + " where volume_id = any(cast(?2 as text[]))")
                    .setParameter(1, status.getKey()).setParameter(2, status.getValue().toArray(String[]::new))
                    .executeUpdate()).replaceWithVoid());
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
    private Uni<Void> membership(GroupMembershipChanged changed) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (GroupMembershipChanged.Member member : changed.volumes()) {
            if (member.replication() != null) {
                chain = chain.chain(() -> replicated(new ReplicationEnabled(member.volumeId(), member.host(),
                        member.replication(), null, member.groupId())));
            } else if (member.groupId() == null && member.replicationStatus() != null) {
                chain = chain.chain(() -> ReplicatedVolume.update("groupId = null, replicationStatus = ?1,"
                        + " updatedAt = ?2 where volumeId = ?3 and groupId = ?4", member.replicationStatus(),
                        Instant.now(), member.volumeId(), changed.groupId()).replaceWithVoid());
            }
        }
        return chain.chain(() -> ReplicatedVolume.update("groupId = null, updatedAt = ?1 where groupId = ?2"
                        + " and volumeId not in ?3", Instant.now(), changed.groupId(),
                        changed.members().isEmpty() ? List.of("") : changed.members()))
                .invoke(left -> LOG.infof("group %s: %d members after its update%s", changed.groupId(),
                        changed.members().size(), left == 0 ? "" : ", " + left + " more no longer in it"))
                .replaceWithVoid();
    }

    private Uni<Void> mediator(MediatorDecided decided) {
        return Panache.getSession().flatMap(session -> switch (decided.kind()) {
            case MediatorDecided.PRIMARY_LOST -> session.createNativeQuery("insert into primary_lost (volume_id,"
                            + " lost_since, reason) values (?1, now(), ?2) on conflict do nothing")
                    .setParameter(1, decided.volumeId()).setParameter(2, decided.reason()).executeUpdate();
            case MediatorDecided.PRIMARY_RECOVERED -> session.createNativeQuery(
                            "delete from primary_lost where volume_id = ?1")
                    .setParameter(1, decided.volumeId()).executeUpdate();
            default -> Uni.createFrom().item(0);
        }).replaceWithVoid();
    }
}
