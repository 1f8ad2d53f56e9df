package org.replication.v3.api.replication.service;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.jboss.logging.Logger;
import org.replication.v3.api.http.CinderTime;
import org.replication.v3.api.message.UserMessage;
import org.replication.v3.api.message.repository.UserMessageRepository;
import org.replication.v3.api.validation.Uuids;
import org.replication.v3.api.volume.Volume;
import org.replication.v3.api.volume.messaging.VolumeEventRoutes;
import org.replication.v3.api.volume.repository.VolumeRepository;
import org.replication.v3.common.failover.VolumesSwitched;
import org.replication.v3.common.messaging.EventEnvelope;
import org.replication.v3.common.messaging.MalformedEventException;
import org.replication.v3.common.messaging.Routes;
import org.replication.v3.common.replication.ReplicationEnabled;
import org.replication.v3.common.replication.ReplicationLagChangedV2;
import org.replication.v3.common.replication.ReplicationLagSnapshot;

/**
 * Keeps the replication of the API's volumes in step with the backends: how each is replicated (ReplicationEnabled),
 * its lag as the owner measures it (ReplicationLagSnapshot for what changed each tick, ReplicationLagChangedV2 for
 * level changes, which also tell the volume's project in a user message when the lag rises above its RPO) and its
 * replication_status after a failover or failback (VolumesSwitched). Each event is applied once: its route records
 * it in the inbox. The v1 lag event is not read: v2 says the same and the breach level.
 */
@ApplicationScoped
public class VolumeReplicationHandler implements VolumeEventRoutes {

    private static final Logger LOG = Logger.getLogger(VolumeReplicationHandler.class);

    @Inject
    VolumeRepository volumes;
    @Inject
    UserMessageRepository messages;

    /** Each applied once; a record that cannot be read throws {@link MalformedEventException} (dead-lettered). */
    @Override
    public Routes routes(Routes routes) {
        return routes.once(ReplicationEnabled.class, this::enabled)
                .once(ReplicationLagChangedV2.class, this::lagChanged)
                .once(ReplicationLagSnapshot.class, this::lagSnapshot)
                .once(VolumesSwitched.class, this::switched);
    }

    private Uni<Void> enabled(ReplicationEnabled data, EventEnvelope event) {
        if (data.replication() == null) {
            throw new MalformedEventException("event " + event.id() + " carries no replication", null);
        }
        Instant at = CinderTime.now();
        return update(event, volumeId(event, data.volumeId()),
                volume -> volume.replicationEnabled(data.replication(), data.error(), at));
    }

    /** A level change: the level, and a user message on a rise into a level not told yet. */
    private Uni<Void> lagChanged(ReplicationLagChangedV2 data, EventEnvelope event) {
        UUID id = volumeId(event, data.volumeId());
        if (data.level() == null || data.previousLevel() == null || data.observedAt() == null) {
            throw new MalformedEventException("event " + event.id() + " lacks a level or when it was observed", null);
        }
        return volumes.findForUpdate(id).flatMap(volume -> {
            if (volume == null) {
                LOG.warnf("volume %s: event %s (%s) is about a volume this API never recorded; skipped", id,
                        event.id(), event.type());
                return Uni.createFrom().voidItem();
            }
            volume.replicationLagLevelChanged(data.level(), data.rpoSeconds(), data.observedAt());
            LOG.infof("volume %s: replication lag %s -> %s, %.1f s against an RPO of %s s (event %s)", id,
                    data.previousLevel().value(), data.level().value(), data.lagSeconds(), data.rpoSeconds(),
                    event.id());
            if (!volume.replicationLagToTell(data.level(), data.previousLevel())) {
                return Uni.createFrom().voidItem();
            }
            String reason = String.format("replication lag %.1f s%s, %d bytes not on the replica (owner %s)",
                    data.lagSeconds(), data.ratio() == null ? "" : String.format(", %.2f times the RPO", data.ratio()),
                    data.pendingBytes(), data.host());
            return messages.persist(UserMessage.replicationLag(volume.projectId, volume.id, data.level(),
                    data.lagSeconds(), data.rpoSeconds(), reason, CinderTime.now())).replaceWithVoid();
        });
    }

    /**
     * What changed in a backend's lag since its owner's last snapshot: one statement for all its volumes, in the
     * event's transaction. A measure older than the one a volume holds (a level change read first) is left out.
     */
    private Uni<Void> lagSnapshot(ReplicationLagSnapshot data, EventEnvelope event) {
        if (data.observedAt() == null || data.volumes() == null) {
            throw new MalformedEventException("event " + event.id() + " lacks its volumes or when they were observed",
                    null);
        }
        List<VolumeRepository.LagMeasure> measures = new ArrayList<>();
        int skipped = 0;
        for (ReplicationLagSnapshot.Entry entry : data.volumes()) {
            UUID id = Uuids.parse(entry.volumeId());
            if (id == null || entry.level() == null) {
                skipped++;
                continue;
            }
            measures.add(new VolumeRepository.LagMeasure(id, entry.lastConsistentAt(), entry.pending(),
                    entry.level()));
        }
        if (skipped > 0) {
            LOG.warnf("lag snapshot of %s: %d entries name no volume or level; skipped (event %s)", data.host(),
                    skipped, event.id());
        }
        return volumes.replicationLagMeasured(measures, data.observedAt()).replaceWithVoid();
    }

    /**
     * One event for the whole batch, applied in one transaction with one statement per resulting status: a backend
     * failover of thousands of volumes must not cost a round trip per volume (that is what makes Cinder's slow).
     */
    private Uni<Void> switched(VolumesSwitched data, EventEnvelope event) {
        Instant at = CinderTime.now();
        Map<String, List<UUID>> byStatus = new LinkedHashMap<>();
        for (VolumesSwitched.Result result : data.results()) {
            UUID id = Uuids.parse(result.volumeId());
            if (id == null || result.replicationStatus() == null) {
                LOG.warnf("operation %s: result for '%s' names no volume or status; skipped (event %s)",
                        data.operationId(), result.volumeId(), event.id());
                continue;
            }
            byStatus.computeIfAbsent(result.replicationStatus().value(), k -> new ArrayList<>()).add(id);
        }
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Map.Entry<String, List<UUID>> status : byStatus.entrySet()) {
            chain = chain.chain(() -> volumes.replicationSwitched(status.getValue(), status.getKey(), at)
                    .invoke(changed -> {
                        LOG.infof("operation %s: %d volumes on %s -> replication %s (%d of them live; event %s)",
                                data.operationId(), status.getValue().size(), data.host(), status.getKey(), changed,
                                event.id());
                        if (LOG.isDebugEnabled()) {
                            status.getValue().forEach(id -> LOG.debugf("volume %s: replication %s (operation %s)",
                                    id, status.getKey(), data.operationId()));
                        }
                    })
                    .replaceWithVoid());
        }
        return chain;
    }

    private Uni<Void> update(EventEnvelope event, UUID id, Predicate<Volume> change) {
        return volumes.findForUpdate(id).invoke(volume -> {
            if (volume == null) {
                LOG.warnf("volume %s: event %s (%s) is about a volume this API never recorded; skipped", id,
                        event.id(), event.type());
                return;
            }
            String before = volume.replicationStatus;
            if (!change.test(volume)) {
                LOG.infof("volume %s: event %s (%s) does not apply to a deleted volume; skipped", id, event.id(),
                        event.type());
                return;
            }
            LOG.infof("volume %s: replication %s -> %s (event %s, %s)", id, before, volume.replicationStatus,
                    event.id(), event.type());
        }).replaceWithVoid();
    }

    private static UUID volumeId(EventEnvelope event, String text) {
        UUID id = Uuids.parse(text);
        if (id == null) {
            throw new MalformedEventException("event " + event.id() + " names no volume id: " + text, null);
        }
        return id;
    }
}
