package org.replication.v3.api.replication.service;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.jboss.logging.Logger;
import org.replication.v3.api.http.CinderTime;
import org.replication.v3.api.validation.Uuids;
import org.replication.v3.api.volume.Volume;
import org.replication.v3.api.volume.repository.VolumeRepository;
import org.replication.v3.common.failover.VolumesSwitched;
import org.replication.v3.common.inbox.Inbox;
import org.replication.v3.common.messaging.EventCodec;
import org.replication.v3.common.messaging.EventEnvelope;
import org.replication.v3.common.messaging.MalformedEventException;
import org.replication.v3.common.replication.ReplicationEnabled;
import org.replication.v3.common.replication.ReplicationLagChanged;

/**
 * Keeps the replication of the API's volumes in step with the backends: how each is replicated (ReplicationEnabled),
 * its measured lag (ReplicationLagChanged) and its replication_status after a failover or failback
 * (VolumesSwitched). Each event is applied once, through the inbox.
 */
@ApplicationScoped
public class VolumeReplicationHandler {

    private static final Logger LOG = Logger.getLogger(VolumeReplicationHandler.class);
    private static final Set<String> TYPES = Set.of(ReplicationEnabled.TYPE, ReplicationLagChanged.TYPE,
            VolumesSwitched.TYPE);
    /** The lag level that means "within the RPO" (ReplicationLagChanged). */
    private static final String LAG_OK = "ok";

    private final EventCodec codec;
    private final Inbox inbox;
    private final VolumeRepository volumes;

    public VolumeReplicationHandler(EventCodec codec, Inbox inbox, VolumeRepository volumes) {
        this.codec = codec;
        this.inbox = inbox;
        this.volumes = volumes;
    }

    public boolean handles(String eventType) {
        return TYPES.contains(eventType);
    }

    /** @throws MalformedEventException when the event cannot be read; the consumer dead-letters it */
    public Uni<Void> apply(EventEnvelope event) {
        return switch (event.type()) {
            case ReplicationEnabled.TYPE -> enabled(event, codec.data(event, ReplicationEnabled.class));
            case ReplicationLagChanged.TYPE -> lagChanged(event, codec.data(event, ReplicationLagChanged.class));
            default -> switched(event, codec.data(event, VolumesSwitched.class));
        };
    }

    private Uni<Void> enabled(EventEnvelope event, ReplicationEnabled data) {
        if (data.replication() == null) {
            throw new MalformedEventException("event " + event.id() + " carries no replication", null);
        }
        Instant at = CinderTime.now();
        return inbox.applyOnce(event, () -> update(event, volumeId(event, data.volumeId()),
                volume -> volume.replicationEnabled(data.replication(), data.error(), at)));
    }

    private Uni<Void> lagChanged(EventEnvelope event, ReplicationLagChanged data) {
        return inbox.applyOnce(event, () -> update(event, volumeId(event, data.volumeId()),
                volume -> volume.replicationLag(LAG_OK.equals(data.level()), data.lagSeconds())));
    }

    /**
     * One event for the whole batch, applied in one transaction with one statement per resulting status: a backend
     * failover of thousands of volumes must not cost a round trip per volume (that is what makes Cinder's slow).
     */
    private Uni<Void> switched(EventEnvelope event, VolumesSwitched data) {
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
        return inbox.applyOnce(event, () -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (Map.Entry<String, List<UUID>> status : byStatus.entrySet()) {
                chain = chain.chain(() -> volumes.replicationSwitched(status.getValue(), status.getKey(), at)
                        .invoke(changed -> {
                            LOG.infof("operation %s: %d volumes on %s -> replication %s (%d of them live; event %s)",
                                    data.operationId(), status.getValue().size(), data.host(), status.getKey(),
                                    changed, event.id());
                            if (LOG.isDebugEnabled()) {
                                status.getValue().forEach(id -> LOG.debugf("volume %s: replication %s (operation %s)",
                                        id, status.getKey(), data.operationId()));
                            }
                        })
                        .replaceWithVoid());
            }
            return chain;
        });
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
