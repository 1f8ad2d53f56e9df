package org.replication.v3.api.attachment.mapping;

import java.util.LinkedHashMap;
import java.util.Map;
import org.replication.v3.api.attachment.VolumeAttachment;
import org.replication.v3.api.http.CinderTime;

/** The JSON of an attachment as Cinder's attachments view writes it ({@code cinder/api/v3/views/attachments.py}). */
public final class AttachmentView {

    private AttachmentView() {
    }

    public static Map<String, Object> summary(VolumeAttachment attachment) {
        Map<String, Object> view = new LinkedHashMap<>(8);
        view.put("id", attachment.id.toString());
        view.put("status", attachment.attachStatus.value());
        view.put("instance", attachment.instanceUuid);
        view.put("volume_id", attachment.volumeId.toString());
        return view;
    }

    /**
     * Adds the times, mode and connection info. Times Cinder has not got are empty strings, not null; a detached
     * attachment is deleted here, so detached_at is always empty. No data plane exists yet, so the connection info
     * is an empty object once a connector is known.
     */
    public static Map<String, Object> detail(VolumeAttachment attachment) {
        Map<String, Object> view = summary(attachment);
        view.put("attached_at", attachment.attachTime == null ? "" : CinderTime.format(attachment.attachTime));
        view.put("detached_at", "");
        view.put("attach_mode", attachment.attachMode);
        view.put("connection_info", attachment.connector == null ? null : Map.of());
        return view;
    }
}
