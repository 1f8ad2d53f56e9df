package org.replication.v3.api.volume.service;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
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
import org.replication.v3.api.volume.messaging.VolumeEventRoutes;
import org.replication.v3.api.volume.repository.VolumeRepository;
import org.replication.v3.common.messaging.EventEnvelope;
import org.replication.v3.common.messaging.MalformedEventException;
import org.replication.v3.common.messaging.Routes;
import org.replication.v3.common.volume.VolumeCreateFailed;
import org.replication.v3.common.volume.VolumeCreated;
import org.replication.v3.common.volume.VolumeDeleteFailed;
import org.replication.v3.common.volume.VolumeDeleted;
import org.replication.v3.common.volume.VolumeExtendFailed;
import org.replication.v3.common.volume.VolumeExtended;
import org.replication.v3.common.volume.VolumeHost;
import org.replication.v3.common.volume.VolumeSchedulingFailed;

/**
 * Keeps the API's volumes in step with what the scheduler and the backends report. Each event is applied once
 * (its route records it in the inbox in the same transaction) and only to a volume in a status it applies to: a
 * redelivered or late event (say, VolumeCreated after the volume was deleted) changes nothing. An event that cannot
 * be read throws {@link MalformedEventException}, which dead-letters it.
 */
@ApplicationScoped
public class VolumeEventHandler implements VolumeEventRoutes {

    private static final Logger LOG = Logger.getLogger(VolumeEventHandler.class);

    @Inject
    VolumeRepository volumes;

    @Inject
    UserMessageRepository messages;

    @Override
    public Routes routes(Routes routes) {
        return routes.once(VolumeCreated.class, this::created)
                .once(VolumeCreateFailed.class, this::createFailed)
                .once(VolumeSchedulingFailed.class, this::schedulingFailed)
                .once(VolumeDeleted.class, this::deleted)
                .once(VolumeDeleteFailed.class, this::deleteFailed)
                .once(VolumeExtended.class, this::extended)
                .once(VolumeExtendFailed.class, this::extendFailed);
    }

    private Uni<Void> created(VolumeCreated data, EventEnvelope event) {
        VolumeHost host = host(event, data.host());
        // Cinder's service_uuid names the volume service of the backend; a name-based UUID keeps it stable.
        String serviceUuid = UUID.nameUUIDFromBytes(host.backendHost().getBytes(StandardCharsets.UTF_8)).toString();
        return transition(event, data.volumeId(),
                (volume, at) -> volume.created(data.host(), serviceUuid, data.providerId(), data.size(), at));
    }

    private Uni<Void> createFailed(VolumeCreateFailed data, EventEnvelope event) {
        if (data.host() != null) {
            host(event, data.host());
        }
        LOG.warnf("volume %s: creation failed on %s: %s (event %s)", data.volumeId(), data.host(), data.reason(),
                event.id());
        return transition(event, data.volumeId(), (volume, at) -> volume.failedToCreate(data.host(), at));
    }

    private Uni<Void> schedulingFailed(VolumeSchedulingFailed data, EventEnvelope event) {
        LOG.warnf("volume %s: no backend can take it: %s (event %s)", data.volumeId(), data.reason(), event.id());
        return failedWithMessage(event, data.volumeId(), Volume::failedToSchedule,
                (volume, at) -> UserMessage.noValidBackend(volume.projectId, volume.id, data.reason(), at));
    }

    private Uni<Void> deleted(VolumeDeleted data, EventEnvelope event) {
        return transition(event, data.volumeId(), (volume, at) -> volume.deleted(at));
    }

    private Uni<Void> deleteFailed(VolumeDeleteFailed data, EventEnvelope event) {
        LOG.warnf("volume %s: deletion failed: %s (event %s)", data.volumeId(), data.reason(), event.id());
        return transition(event, data.volumeId(), (volume, at) -> volume.failedToDelete(at));
    }

    private Uni<Void> extended(VolumeExtended data, EventEnvelope event) {
        return transition(event, data.volumeId(), (volume, at) -> volume.extended(data.newSize(), at));
    }

    /** error_extending, and a user message that says why the volume did not grow. */
    private Uni<Void> extendFailed(VolumeExtendFailed data, EventEnvelope event) {
        LOG.warnf("volume %s: extend failed: %s (event %s)", data.volumeId(), data.reason(), event.id());
        return failedWithMessage(event, data.volumeId(), Volume::failedToExtend,
                (volume, at) -> UserMessage.extendFailed(volume.projectId, volume.id, data.reason(), at));
    }

    private Uni<Void> transition(EventEnvelope event, String volumeId, Transition transition) {
        UUID id = volumeId(event, volumeId);
        return volumes.findForUpdate(id).invoke(volume -> {
            Instant at = CinderTime.now();
            applies(event, id, volume, v -> transition.apply(v, at));
        }).replaceWithVoid();
    }

    /** A failure the owner is told about in a user message, written only when the volume took the transition. */
    private Uni<Void> failedWithMessage(EventEnvelope event, String volumeId, Transition failure, Message message) {
        UUID id = volumeId(event, volumeId);
        return volumes.findForUpdate(id).flatMap(volume -> {
            Instant at = CinderTime.now();
            if (!applies(event, id, volume, v -> failure.apply(v, at))) {
                return Uni.createFrom().voidItem();
            }
            return messages.persist(message.of(volume, at)).replaceWithVoid();
        });
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

    @FunctionalInterface
    private interface Message {
        UserMessage of(Volume volume, Instant at);
    }
}
