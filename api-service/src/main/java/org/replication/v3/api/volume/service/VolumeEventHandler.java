package org.replication.v3.api.volume.service;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Function;
import org.jboss.logging.Logger;
import org.replication.v3.api.http.CinderTime;
import org.replication.v3.api.message.UserMessage;
import org.replication.v3.api.message.repository.UserMessageRepository;
import org.replication.v3.api.validation.Uuids;
import org.replication.v3.api.volume.Volume;
import org.replication.v3.api.volume.repository.VolumeRepository;
import org.replication.v3.common.inbox.Inbox;
import org.replication.v3.common.messaging.EventCodec;
import org.replication.v3.common.messaging.EventEnvelope;
import org.replication.v3.common.messaging.MalformedEventException;
import org.replication.v3.common.volume.VolumeAttached;
import org.replication.v3.common.volume.VolumeCreateFailed;
import org.replication.v3.common.volume.VolumeCreated;
import org.replication.v3.common.volume.VolumeDeleteFailed;
import org.replication.v3.common.volume.VolumeDeleted;
import org.replication.v3.common.volume.VolumeDetached;
import org.replication.v3.common.volume.VolumeExtendFailed;
import org.replication.v3.common.volume.VolumeExtended;
import org.replication.v3.common.volume.VolumeHost;
import org.replication.v3.common.volume.VolumeSchedulingFailed;
import org.replication.v3.common.volume.VolumeStatusReset;

/**
 * Keeps the API's volumes in step with what the scheduler and the backends report. Each event is applied once
 * (the inbox records it in the same transaction) and only to a volume in a status it applies to: a redelivered
 * or late event (say, VolumeCreated after the volume was deleted) changes nothing.
 */
@ApplicationScoped
public class VolumeEventHandler {

    private static final Logger LOG = Logger.getLogger(VolumeEventHandler.class);

    private final EventCodec codec;
    private final Inbox inbox;
    private final VolumeRepository volumes;
    private final UserMessageRepository messages;

    public VolumeEventHandler(EventCodec codec, Inbox inbox, VolumeRepository volumes, UserMessageRepository messages) {
        this.codec = codec;
        this.inbox = inbox;
        this.volumes = volumes;
        this.messages = messages;
    }

    /**
     * @throws MalformedEventException when the event cannot be read; the consumer dead-letters it
     */
    public Uni<Void> apply(EventEnvelope event) {
        return switch (event.type()) {
            case VolumeCreated.TYPE -> created(event, codec.data(event, VolumeCreated.class));
            case VolumeCreateFailed.TYPE -> createFailed(event, codec.data(event, VolumeCreateFailed.class));
            case VolumeSchedulingFailed.TYPE -> schedulingFailed(event, codec.data(event, VolumeSchedulingFailed.class));
            case VolumeDeleted.TYPE -> deleted(event, codec.data(event, VolumeDeleted.class));
            case VolumeDeleteFailed.TYPE -> deleteFailed(event, codec.data(event, VolumeDeleteFailed.class));
            case VolumeExtended.TYPE -> extended(event, codec.data(event, VolumeExtended.class));
            case VolumeExtendFailed.TYPE -> extendFailed(event, codec.data(event, VolumeExtendFailed.class));
            // This service's own announcements, read back from the topic it shares with the backends.
            case VolumeAttached.TYPE, VolumeDetached.TYPE, VolumeStatusReset.TYPE -> Uni.createFrom().voidItem();
            default -> {
                LOG.warnf("event %s of unknown type %s (subject %s) skipped", event.id(), event.type(), event.subject());
                yield Uni.createFrom().voidItem();
            }
        };
    }

    private Uni<Void> created(EventEnvelope event, VolumeCreated data) {
        VolumeHost host = host(event, data.host());
        // Cinder's service_uuid names the volume service of the backend; a name-based UUID keeps it stable.
        String serviceUuid = UUID.nameUUIDFromBytes(host.backendHost().getBytes(StandardCharsets.UTF_8)).toString();
        return transition(event, data.volumeId(),
                (volume, at) -> volume.created(data.host(), serviceUuid, data.providerId(), data.size(), at));
    }

    private Uni<Void> createFailed(EventEnvelope event, VolumeCreateFailed data) {
        if (data.host() != null) {
            host(event, data.host());
        }
        LOG.warnf("volume %s: creation failed on %s: %s (event %s)", data.volumeId(), data.host(), data.reason(),
                event.id());
        return transition(event, data.volumeId(), (volume, at) -> volume.failedToCreate(data.host(), at));
    }

    private Uni<Void> schedulingFailed(EventEnvelope event, VolumeSchedulingFailed data) {
        LOG.warnf("volume %s: no backend can take it: %s (event %s)", data.volumeId(), data.reason(), event.id());
        UUID id = volumeId(event, data.volumeId());
        return inbox.applyOnce(event, () -> volumes.findForUpdate(id).flatMap(volume -> {
            Instant at = CinderTime.now();
            if (!applies(event, id, volume, v -> v.failedToSchedule(at))) {
                return Uni.createFrom().voidItem();
            }
            return messages.persist(UserMessage.noValidBackend(volume.projectId, id, data.reason(), at))
                    .replaceWithVoid();
        }));
    }

    private Uni<Void> deleted(EventEnvelope event, VolumeDeleted data) {
        return transition(event, data.volumeId(), (volume, at) -> volume.deleted(at));
    }

    private Uni<Void> deleteFailed(EventEnvelope event, VolumeDeleteFailed data) {
        LOG.warnf("volume %s: deletion failed: %s (event %s)", data.volumeId(), data.reason(), event.id());
        return transition(event, data.volumeId(), (volume, at) -> volume.failedToDelete(at));
    }

    private Uni<Void> extended(EventEnvelope event, VolumeExtended data) {
        return transition(event, data.volumeId(), (volume, at) -> volume.extended(data.newSize(), at));
    }

    /** error_extending, and a user message that says why the volume did not grow. */
    private Uni<Void> extendFailed(EventEnvelope event, VolumeExtendFailed data) {
        LOG.warnf("volume %s: extend failed: %s (event %s)", data.volumeId(), data.reason(), event.id());
        UUID id = volumeId(event, data.volumeId());
        return inbox.applyOnce(event, () -> volumes.findForUpdate(id).flatMap(volume -> {
            Instant at = CinderTime.now();
            if (!applies(event, id, volume, v -> v.failedToExtend(at))) {
                return Uni.createFrom().voidItem();
            }
            return messages.persist(UserMessage.extendFailed(volume.projectId, id, data.reason(), at))
                    .replaceWithVoid();
        }));
    }

    private Uni<Void> transition(EventEnvelope event, String volumeId, Transition transition) {
        UUID id = volumeId(event, volumeId);
        return inbox.applyOnce(event, () -> volumes.findForUpdate(id).invoke(volume -> {
            Instant at = CinderTime.now();
            applies(event, id, volume, v -> transition.apply(v, at));
        }).replaceWithVoid());
    }

    private static boolean applies(EventEnvelope event, UUID id, Volume volume, Function<Volume, Boolean> change) {
        if (volume == null) {
            LOG.warnf("volume %s: event %s (%s) is about a volume this API never recorded; skipped", id, event.id(),
                    event.type());
            return false;
        }
        String before = volume.live() ? volume.status.value() : "deleted";
        if (!change.apply(volume)) {
            LOG.infof("volume %s: event %s (%s) does not apply to a volume that is %s; skipped", id, event.id(),
                    event.type(), before);
            return false;
        }
        LOG.infof("volume %s: %s -> %s (event %s)", id, before, volume.status.value(), event.id());
        return true;
    }

    private static UUID volumeId(EventEnvelope event, String text) {
        UUID id = Uuids.parse(text);
        if (id == null) {
            throw new MalformedEventException("event " + event.id() + " names no volume id: " + text, null);
        }
        return id;
    }

    private static VolumeHost host(EventEnvelope event, String text) {
        try {
            return VolumeHost.parse(text == null ? "" : text);
        } catch (IllegalArgumentException e) {
            throw new MalformedEventException("event " + event.id() + ": " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface Transition {
        boolean apply(Volume volume, Instant at);
    }
}
