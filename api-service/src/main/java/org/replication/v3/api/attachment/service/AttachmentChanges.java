package org.replication.v3.api.attachment.service;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.jboss.logging.Logger;
import org.replication.v3.api.attachment.VolumeAttachment;
import org.replication.v3.api.attachment.repository.VolumeAttachmentRepository;
import org.replication.v3.api.volume.AttachStatus;
import org.replication.v3.api.volume.Volume;
import org.replication.v3.common.messaging.TopicNames;
import org.replication.v3.common.outbox.Outbox;
import org.replication.v3.common.volume.VolumeAttached;
import org.replication.v3.common.volume.VolumeDetached;

/**
 * Applies a change of a volume's attachments, whichever API asked for it (os-attach/os-detach or the attachments
 * API): writes the attachment, lets the remaining attachments decide the volume's status, and announces attaches
 * and detaches on the volume events topic. Callers hold the volume's row lock and run inside their transaction.
 */
@ApplicationScoped
public class AttachmentChanges {

    private static final Logger LOG = Logger.getLogger(AttachmentChanges.class);

    private final VolumeAttachmentRepository attachments;
    private final Outbox outbox;
    private final TopicNames topics;

    public AttachmentChanges(VolumeAttachmentRepository attachments, Outbox outbox, TopicNames topics) {
        this.attachments = attachments;
        this.outbox = outbox;
        this.topics = topics;
    }

    /** Adds a new attachment to the volume. */
    public Uni<VolumeAttachment> add(Volume volume, VolumeAttachment attachment, Instant at) {
        return attachments.ofVolume(volume.id).flatMap(current -> {
            String before = volume.status.value();
            List<VolumeAttachment> after = new ArrayList<>(current);
            after.add(attachment);
            volume.attachmentsChanged(after, at);
            LOG.infof("volume %s: attachment %s %s (instance %s, host %s); volume %s -> %s", volume.id, attachment.id,
                    attachment.attachStatus.value(), attachment.instanceUuid, attachment.attachedHost, before,
                    volume.status.value());
            return attachments.persist(attachment)
                    .call(() -> attachment.isAttached() ? announceAttached(volume, attachment) : Uni.createFrom().nullItem())
                    .replaceWith(attachment);
        });
    }

    /** An attachment of the volume changed its status; {@code nowAttached} when it just became attached. */
    public Uni<Void> changed(Volume volume, VolumeAttachment attachment, boolean nowAttached, Instant at) {
        return attachments.ofVolume(volume.id).flatMap(current -> {
            String before = volume.status.value();
            volume.attachmentsChanged(current, at);
            LOG.infof("volume %s: attachment %s is %s; volume %s -> %s", volume.id, attachment.id,
                    attachment.attachStatus.value(), before, volume.status.value());
            return nowAttached ? announceAttached(volume, attachment).replaceWithVoid() : Uni.createFrom().voidItem();
        });
    }

    /** Ends one attachment; returns those that remain. */
    public Uni<List<VolumeAttachment>> remove(Volume volume, VolumeAttachment attachment, Instant at) {
        return attachments.ofVolume(volume.id).flatMap(current -> {
            String before = volume.status.value();
            List<VolumeAttachment> remaining = current.stream().filter(a -> !a.id.equals(attachment.id)).toList();
            volume.attachmentsChanged(remaining, at);
            LOG.infof("volume %s: attachment %s removed, %d remain; volume %s -> %s", volume.id, attachment.id,
                    remaining.size(), before, volume.status.value());
            return attachments.delete(attachment)
                    .call(() -> outbox.add(topics.volumeEvents(), new VolumeDetached(volume.id.toString(),
                            attachment.id.toString(), volume.attachStatus == AttachStatus.ATTACHED)))
                    .replaceWith(remaining);
        });
    }

    /**
     * Ends every attachment without touching the volume's status: an admin reset to {@code detached} says the
     * volume is free, whatever status the same reset gives it.
     */
    public Uni<Void> removeAll(Volume volume, Instant at) {
        return attachments.ofVolume(volume.id).flatMap(current -> {
            volume.attachments = new LinkedHashMap<>();
            volume.updatedAt = at;
            if (!current.isEmpty()) {
                LOG.infof("volume %s: %d attachments ended by a status reset", volume.id, current.size());
            }
            return attachments.delete("volumeId", volume.id).replaceWithVoid();
        });
    }

    /** The volume's attachments as they are, to decide a request on. */
    public Uni<List<VolumeAttachment>> of(Volume volume) {
        return attachments.ofVolume(volume.id);
    }

    private Uni<?> announceAttached(Volume volume, VolumeAttachment attachment) {
        return outbox.add(topics.volumeEvents(), new VolumeAttached(volume.id.toString(), attachment.id.toString(),
                attachment.instanceUuid, attachment.attachedHost, attachment.mountpoint, attachment.attachMode));
    }
}
