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
import org.replication.v3.api.validation.Uuids;
import org.replication.v3.api.volume.Volume;
import org.replication.v3.api.volume.messaging.VolumeEventRoutes;
import org.replication.v3.api.volume.repository.VolumeRepository;
import org.replication.v3.common.failover.VolumesSwitched;
import org.replication.v3.common.messaging.EventEnvelope;
import org.replication.v3.common.messaging.MalformedEventException;
import org.replication.v3.common.messaging.Routes;
import org.replication.v3.common.replication.ReplicationEnabled;
import org.replication.v3.common.replication.ReplicationLagChanged;

/**
 * Keeps the replication of the API's volumes in step with the backends: how each is replicated (ReplicationEnabled),
 * its measured lag (ReplicationLagChanged) and its replication_status after a failover or failback
 * (VolumesSwitched). Each event is applied once: its route records it in the inbox.
 */
@ApplicationScoped
public class VolumeReplicationHandler implements VolumeEventRoutes {

    private static final Logger LOG = Logger.getLogger(VolumeReplicationHandler.class);

    @Inject
    VolumeRepository volumes;

    /** Each applied once; a record that cannot be read throws {@link MalformedEventException} (dead-lettered). */
    @Override
    public Routes routes(Routes routes) {
        return routes.once(ReplicationEnabled.class, this::enabled)
                .once(ReplicationLagChanged.class, this::lagChanged)
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

    private Uni<Void> lagChanged(ReplicationLagChanged data, EventEnvelope event) {
        return update(event, volumeId(event, data.volumeId()),
                volume -> volume.replicationLag(data.level() == ReplicationLagChanged.Level.OK, data.lagSeconds()));
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
            LOG.infof("volume %s: replication %s -> %s, lag %s s (event %s, %s)", id, before,
                    volume.replicationStatus, volume.replicationLagSeconds, event.id(), event.type());
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
