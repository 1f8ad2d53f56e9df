package org.replication.v3.api.attachment;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.replication.v3.api.http.CinderTime;
import org.replication.v3.api.lifecycle.Timestamped;
import org.replication.v3.api.volume.AttachStatus;
import org.replication.v3.api.volume.AttachStatusConverter;
import org.replication.v3.api.volume.AttachedTo;

/**
 * A volume's attachment to a server or host, as Cinder's volume_attachment: reserved (3.27 create without a
 * connector), attaching (a connector is known), attached (os-attach, or os-complete). A detached attachment is
 * deleted: Cinder hides those everywhere.
 */
@Entity
@Table(name = "volume_attachment")
public class VolumeAttachment extends Timestamped {

    /** Cinder's attach mode of an attachment created without one: the connector's mode will decide. */
    public static final String MODE_FROM_CONNECTOR = "null";

    @Id
    public UUID id;

    @Column(name = "volume_id")
    public UUID volumeId;

    @Column(name = "project_id")
    public String projectId;

    @Column(name = "instance_uuid")
    public String instanceUuid;

    @Column(name = "attached_host")
    public String attachedHost;

    public String mountpoint;

    @Column(name = "attach_mode")
    public String attachMode;

    @Convert(converter = AttachStatusConverter.class)
    @Column(name = "attach_status")
    public AttachStatus attachStatus;

    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> connector;

    @Column(name = "attach_time")
    public Instant attachTime;

    public static VolumeAttachment of(UUID volumeId, String projectId, String instanceUuid, AttachStatus status,
            Instant at) {
        VolumeAttachment attachment = new VolumeAttachment();
        attachment.id = UUID.randomUUID();
        attachment.volumeId = volumeId;
        attachment.projectId = projectId;
        attachment.instanceUuid = instanceUuid;
        attachment.attachStatus = status;
        attachment.createdAt = at;
        return attachment;
    }

    /** Attached at once, as os-attach records it. */
    public void attached(String host, String mountpoint, String mode, Instant at) {
        this.attachedHost = host;
        this.mountpoint = mountpoint;
        this.attachMode = mode;
        this.attachStatus = AttachStatus.ATTACHED;
        this.attachTime = at;
        this.updatedAt = at;
    }

    /**
     * The connector is known: the attachment is {@code attaching} until os-complete. The connector's mode counts
     * unless the create gave one (Cinder keeps the create's mode over the connector's).
     */
    public void connect(Map<String, Object> connector, Instant at) {
        this.connector = connector;
        this.attachedHost = text(connector.get("host"));
        Object mountpoint = connector.get("mountpoint");
        this.mountpoint = mountpoint == null ? "na" : text(mountpoint);
        if (attachMode == null || MODE_FROM_CONNECTOR.equals(attachMode)) {
            Object mode = connector.get("mode");
            this.attachMode = mode == null ? "rw" : text(mode);
        }
        this.attachStatus = AttachStatus.ATTACHING;
        this.attachTime = at;
        this.updatedAt = at;
    }

    /** os-complete: the server uses the volume now. */
    public void complete(Instant at) {
        this.attachStatus = AttachStatus.ATTACHED;
        this.updatedAt = at;
    }

    public boolean isAttached() {
        return attachStatus == AttachStatus.ATTACHED;
    }

    /** How volume responses show this attachment. */
    public AttachedTo view() {
        return new AttachedTo(id.toString(), instanceUuid, attachedHost, mountpoint, CinderTime.format(attachTime));
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
