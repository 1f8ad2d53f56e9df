package org.replication.v3.api.attachment.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.replication.v3.api.attachment.VolumeAttachment;
import org.replication.v3.api.attachment.repository.AttachmentQuery;
import org.replication.v3.api.attachment.repository.VolumeAttachmentRepository;
import org.replication.v3.api.auth.Caller;
import org.replication.v3.api.error.ApiException;
import org.replication.v3.api.http.CinderTime;
import org.replication.v3.api.volume.AttachStatus;
import org.replication.v3.api.volume.Volume;
import org.replication.v3.api.volume.VolumeStatus;
import org.replication.v3.api.volume.service.VisibleVolumes;
import org.replication.v3.common.outbox.OutboxRelay;

/**
 * The attachments API (3.27+), as Cinder's attachment_create / update / delete and os-complete: a create reserves
 * the volume for a server, a connector makes the attachment {@code attaching}, os-complete makes it attached
 * (volume in-use), a delete ends it. Every change locks the volume first, then works on its attachments.
 */
@ApplicationScoped
public class AttachmentService {

    private static final Logger LOG = Logger.getLogger(AttachmentService.class);
    private static final Set<VolumeStatus> RESERVABLE = EnumSet.of(VolumeStatus.AVAILABLE, VolumeStatus.DOWNLOADING);
    private static final Set<VolumeStatus> RESERVABLE_MULTIATTACH = EnumSet.of(VolumeStatus.AVAILABLE,
            VolumeStatus.IN_USE, VolumeStatus.DOWNLOADING);

    private final VisibleVolumes volumes;
    private final VolumeAttachmentRepository attachments;
    private final AttachmentChanges changes;
    private final OutboxRelay relay;

    public AttachmentService(VisibleVolumes volumes, VolumeAttachmentRepository attachments,
            AttachmentChanges changes, OutboxRelay relay) {
        this.volumes = volumes;
        this.attachments = attachments;
        this.changes = changes;
        this.relay = relay;
    }

    public Uni<VolumeAttachment> create(Caller caller, NewAttachment request) {
        Instant now = CinderTime.now();
        return Panache.withTransaction(() -> volumes.lock(caller, request.volumeId()).flatMap(volume -> {
            if (volume.status.value().contains("error")) {
                throw ApiException.badRequest("Invalid volume: Volume attachments can not be created if the volume is"
                        + " in an error state. The Volume " + volume.id + " currently has a status of: "
                        + volume.status.value() + " ");
            }
            return changes.of(volume).flatMap(current -> {
                Set<VolumeStatus> reservable = volume.multiattach ? RESERVABLE_MULTIATTACH : RESERVABLE;
                // Cinder lets the same server reserve again (an instance moving between hosts).
                boolean sameServer = request.instanceUuid() != null
                        && (volume.status == VolumeStatus.IN_USE || volume.status == VolumeStatus.RESERVED)
                        && current.stream().anyMatch(a -> request.instanceUuid().equals(a.instanceUuid));
                if (!reservable.contains(volume.status) && !sameServer) {
                    throw ApiException.badRequest("Invalid volume: Volume " + volume.id + " status must be "
                            + reservable.stream().map(VolumeStatus::value).collect(Collectors.joining(" or "))
                            + " to reserve, but the current status is " + volume.status.value() + ".");
                }
                VolumeAttachment attachment = VolumeAttachment.of(volume.id, volume.projectId,
                        request.instanceUuid(), AttachStatus.RESERVED, now);
                attachment.attachMode = request.mode();
                if (request.connector() != null) {
                    attachment.connect(request.connector(), now);
                }
                return changes.add(volume, attachment, now);
            });
        })).invoke(relay::wake);
    }

    @WithSession
    public Uni<VolumeAttachment> show(Caller caller, UUID id) {
        return attachments.findById(id).map(attachment -> visible(caller, attachment, id));
    }

    @WithSession
    public Uni<List<VolumeAttachment>> list(AttachmentQuery query) {
        Uni<VolumeAttachment> marker = query.marker() == null ? Uni.createFrom().nullItem()
                : attachments.findById(query.marker()).map(found -> {
                    if (found == null || (query.projectId() != null && !query.projectId().equals(found.projectId))) {
                        throw ApiException.notFound("Marker " + query.marker() + " could not be found.");
                    }
                    return found;
                });
        return marker.flatMap(after -> attachments.page(query, after));
    }

    /** A connector for a reserved (or already connected) attachment: it is attaching until os-complete. */
    public Uni<VolumeAttachment> update(Caller caller, UUID id, Map<String, Object> connector) {
        return onAttachment(caller, id, (volume, attachment) -> {
            Instant now = CinderTime.now();
            if (volume.status.value().contains("error")) {
                throw ApiException.badRequest("Invalid volume: Volume attachments can not be updated if the volume is"
                        + " in an error state. The Volume " + volume.id + " currently has a status of: "
                        + volume.status.value() + " ");
            }
            attachment.connect(connector, now);
            return changes.changed(volume, attachment, false, now).replaceWith(attachment);
        });
    }

    /** os-complete: the server uses the volume; the volume is in-use. */
    public Uni<Void> complete(Caller caller, UUID id) {
        return onAttachment(caller, id, (volume, attachment) -> {
            Instant now = CinderTime.now();
            boolean wasAttached = attachment.isAttached();
            attachment.complete(now);
            return changes.changed(volume, attachment, !wasAttached, now);
        });
    }

    /** Ends the attachment; answers those of the volume that remain. */
    public Uni<List<VolumeAttachment>> delete(Caller caller, UUID id) {
        return onAttachment(caller, id,
                (volume, attachment) -> changes.remove(volume, attachment, CinderTime.now()));
    }

    /**
     * Runs {@code work} on the attachment and its locked volume. The volume is locked before the attachment is
     * read, the order every attachment change keeps, so that two changes never wait on each other.
     */
    private <T> Uni<T> onAttachment(Caller caller, UUID id, BiFunction<Volume, VolumeAttachment, Uni<T>> work) {
        return Panache.withTransaction(() -> Panache.getSession()
                .flatMap(session -> session.createSelectionQuery(
                                "select a.volumeId from VolumeAttachment a where a.id = :id", UUID.class)
                        .setParameter("id", id).getSingleResultOrNull())
                .flatMap(volumeId -> {
                    if (volumeId == null) {
                        throw notFound(id);
                    }
                    return volumes.lock(caller, volumeId)
                            .onFailure(ApiException.class).transform(hidden -> notFound(id));
                })
                .flatMap(volume -> attachments.findById(id).flatMap(attachment -> {
                    if (attachment == null) {
                        throw notFound(id);
                    }
                    LOG.debugf("volume %s: attachment %s (%s) about to change", volume.id, id,
                            attachment.attachStatus.value());
                    return work.apply(volume, attachment);
                }))).invoke(relay::wake);
    }

    private static VolumeAttachment visible(Caller caller, VolumeAttachment attachment, UUID id) {
        if (attachment == null || !(caller.admin() || caller.projectId().equals(attachment.projectId))) {
            throw notFound(id);
        }
        return attachment;
    }

    /** Cinder's VolumeAttachmentNotFound, as a lookup by id words it. */
    public static ApiException notFound(Object id) {
        return ApiException.notFound("Volume attachment could not be found with filter: attachment_id = " + id + ".");
    }
}
