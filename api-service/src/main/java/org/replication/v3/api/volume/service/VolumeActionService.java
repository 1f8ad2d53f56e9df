package org.replication.v3.api.volume.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.replication.v3.api.attachment.VolumeAttachment;
import org.replication.v3.api.attachment.service.AttachmentChanges;
import org.replication.v3.api.auth.Caller;
import org.replication.v3.api.error.ApiException;
import org.replication.v3.api.http.CinderTime;
import org.replication.v3.api.version.ApiVersion;
import org.replication.v3.api.version.Microversions;
import org.replication.v3.api.volume.AttachStatus;
import org.replication.v3.api.volume.Volume;
import org.replication.v3.api.volume.VolumeStatus;
import org.replication.v3.common.messaging.TopicNames;
import org.replication.v3.common.outbox.Outbox;
import org.replication.v3.common.outbox.OutboxRelay;
import org.replication.v3.common.volume.ExtendVolume;
import org.replication.v3.common.volume.VolumeStatusReset;

/**
 * The volume actions of {@code POST volumes/{id}/action} with Cinder's preconditions and messages. Each runs in one
 * transaction on the locked volume; what other services must hear (a command, an event) goes through the outbox
 * in the same transaction.
 */
@ApplicationScoped
public class VolumeActionService {

    private static final Logger LOG = Logger.getLogger(VolumeActionService.class);
    /**
     * Where os-attach may start. Cinder leaves this to the volume manager, which refuses only a second attach of a
     * volume that is not multiattach; a volume that is creating, deleting or failed has nothing to attach here.
     */
    private static final Set<VolumeStatus> ATTACHABLE = EnumSet.of(VolumeStatus.AVAILABLE, VolumeStatus.RESERVED,
            VolumeStatus.ATTACHING, VolumeStatus.IN_USE);

    private final VisibleVolumes volumes;
    private final AttachmentChanges attachments;
    private final Outbox outbox;
    private final OutboxRelay relay;
    private final TopicNames topics;

    public VolumeActionService(VisibleVolumes volumes, AttachmentChanges attachments, Outbox outbox,
            OutboxRelay relay, TopicNames topics) {
        this.volumes = volumes;
        this.attachments = attachments;
        this.outbox = outbox;
        this.relay = relay;
        this.topics = topics;
    }

    /** os-reset_status (admin, checked by the caller): the given fields as they are; a reset to detached ends every attachment. */
    public Uni<Void> resetStatus(Caller caller, UUID id, StatusReset reset) {
        return inTransaction(caller, id, (volume, now) -> {
            String before = volume.status.value() + "/" + volume.attachStatus.value();
            volume.reset(reset.status(), reset.attachStatus(), reset.migrationStatus(), reset.resetMigration(), now);
            LOG.infof("volume %s: status reset %s -> %s/%s (migration %s) by %s/%s", id, before,
                    volume.status.value(), volume.attachStatus.value(), volume.migrationStatus, caller.projectId(),
                    caller.userId());
            Uni<Void> detached = reset.attachStatus() == AttachStatus.DETACHED
                    ? attachments.removeAll(volume, now) : Uni.createFrom().voidItem();
            return detached.call(() -> outbox.add(topics.volumeEvents(), new VolumeStatusReset(id.toString(),
                    volume.status.value(), volume.attachStatus.value(), volume.migrationStatus)));
        });
    }

    /** os-attach: records an attachment that is attached at once (there is no data plane to wait for). */
    public Uni<Void> attach(Caller caller, UUID id, AttachRequest request) {
        return inTransaction(caller, id, (volume, now) -> {
            if (volume.status == VolumeStatus.MAINTENANCE) {
                throw ApiException.badRequest("Invalid volume: The volume cannot be attached in maintenance mode.");
            }
            return attachments.of(volume).flatMap(current -> {
                // The same server (or host) again: Cinder's manager answers with the attachment it already has.
                for (VolumeAttachment attachment : current) {
                    if (attachment.isAttached() && sameTarget(attachment, request)) {
                        LOG.infof("volume %s: already attached to %s as %s", id, target(request), attachment.id);
                        return Uni.createFrom().voidItem();
                    }
                }
                if (volume.status == VolumeStatus.IN_USE && !volume.multiattach && !volume.migrating()) {
                    throw ApiException.badRequest("Error attaching volume - InvalidVolume: Invalid volume: volume is"
                            + " already attached and multiple attachments are not enabled");
                }
                if (!ATTACHABLE.contains(volume.status)) {
                    throw ApiException.badRequest("Invalid volume: Volume status must be available, reserved or"
                            + " attaching to attach, but the current status is " + volume.status.value() + ".");
                }
                VolumeAttachment attachment = VolumeAttachment.of(volume.id, volume.projectId,
                        request.instanceUuid(), AttachStatus.ATTACHING, now);
                attachment.attached(request.hostName(), request.mountpoint(), request.mode(), now);
                return attachments.add(volume, attachment, now).replaceWithVoid();
            });
        });
    }

    public Uni<Void> beginDetaching(Caller caller, UUID id) {
        return inTransaction(caller, id, (volume, now) -> {
            // A migrating volume keeps its status so that users do not see it detaching; Cinder accepts silently.
            if (!volume.beginDetaching(now) && !volume.migrating()) {
                throw ApiException.badRequest("Invalid volume: Unable to detach volume. Volume status must be"
                        + " 'in-use' and attach_status must be 'attached' to detach.");
            }
            LOG.infof("volume %s: detaching (begin_detaching by %s/%s)", id, caller.projectId(), caller.userId());
            return Uni.createFrom().voidItem();
        });
    }

    public Uni<Void> rollDetaching(Caller caller, UUID id) {
        return inTransaction(caller, id, (volume, now) -> {
            if (volume.rollDetaching(now)) {
                LOG.infof("volume %s: detaching rolled back to in-use by %s/%s", id, caller.projectId(),
                        caller.userId());
            }
            return Uni.createFrom().voidItem();
        });
    }

    /**
     * os-detach of one attachment (or of the only one when none is named). As Cinder's manager: an attachment the
     * volume does not have is already detached, and the volume's status is brought in line with what remains.
     */
    public Uni<Void> detach(Caller caller, UUID id, UUID attachmentId) {
        return inTransaction(caller, id, (volume, now) -> {
            if (volume.status == VolumeStatus.MAINTENANCE) {
                throw ApiException.badRequest("Invalid volume: The volume cannot be detached in maintenance mode.");
            }
            return attachments.of(volume).flatMap(current -> {
                VolumeAttachment target;
                if (attachmentId != null) {
                    target = current.stream().filter(a -> a.id.equals(attachmentId)).findFirst().orElse(null);
                } else if (current.size() > 1) {
                    throw ApiException.badRequest("Error detaching volume - InvalidVolume: Invalid volume: Detach"
                            + " volume failed: More than one attachment, but no attachment_id provided.");
                } else {
                    target = current.isEmpty() ? null : current.get(0);
                }
                if (target == null) {
                    LOG.infof("volume %s: detach of %s, which is not attached; status follows the %d attachments",
                            id, attachmentId, current.size());
                    volume.attachmentsChanged(current, now);
                    return Uni.createFrom().voidItem();
                }
                return attachments.remove(volume, target, now).replaceWithVoid();
            });
        });
    }

    /**
     * os-extend: the volume turns {@code extending} and its backend is told to grow it; the backend's event
     * finishes it. An in-use volume may be extended from 3.42 on.
     */
    public Uni<Void> extend(Caller caller, UUID id, int newSize, ApiVersion version) {
        return inTransaction(caller, id, (volume, now) -> {
            if (newSize <= volume.size) {
                throw ApiException.invalidInput("New size for extend must be greater than current size. (current: "
                        + volume.size + ", extended: " + newSize + ").");
            }
            boolean attached = version.atLeast(Microversions.VOLUME_EXTEND_INUSE)
                    && volume.status == VolumeStatus.IN_USE;
            VolumeStatus expected = attached ? VolumeStatus.IN_USE : VolumeStatus.AVAILABLE;
            if (volume.status != expected) {
                throw ApiException.badRequest("Invalid volume: Volume " + id + " status must be '{'status': '"
                        + expected.value() + "'}' to extend, currently " + volume.status.value() + ".");
            }
            if (volume.host == null) {
                throw ApiException.badRequest("Invalid volume: The volume cannot be extended because it has not"
                        + " been scheduled to any host.");
            }
            volume.startExtending(now);
            LOG.infof("volume %s: extend from %d to %d GB requested on %s by %s/%s", id, volume.size, newSize,
                    volume.host, caller.projectId(), caller.userId());
            return outbox.add(topics.volumeCommands(), new ExtendVolume(id.toString(), volume.host, newSize))
                    .replaceWithVoid();
        });
    }

    private Uni<Void> inTransaction(Caller caller, UUID id, Action action) {
        return Panache.withTransaction(() -> volumes.lock(caller, id)
                .flatMap(volume -> action.apply(volume, CinderTime.now()))).invoke(relay::wake);
    }

    private static boolean sameTarget(VolumeAttachment attachment, AttachRequest request) {
        return request.instanceUuid() != null
                ? request.instanceUuid().equals(attachment.instanceUuid)
                : attachment.instanceUuid == null && Objects.equals(request.hostName(), attachment.attachedHost);
    }

    private static String target(AttachRequest request) {
        return request.instanceUuid() != null ? "server " + request.instanceUuid() : "host " + request.hostName();
    }

    @FunctionalInterface
    private interface Action {
        Uni<Void> apply(Volume volume, Instant now);
    }
}
