package org.replication.v3.api.attachment.rest;

import jakarta.ws.rs.core.MultivaluedMap;
import java.util.UUID;
import org.replication.v3.api.attachment.repository.AttachmentQuery;
import org.replication.v3.api.auth.Caller;
import org.replication.v3.api.error.ApiException;
import org.replication.v3.api.http.ListParameters;
import org.replication.v3.api.validation.Uuids;
import org.replication.v3.api.volume.AttachStatus;

/**
 * Reads an attachment list query as Cinder's attachments controller does: the filters {@code volume_id},
 * {@code instance_id}, {@code status} / {@code attach_status}, {@code limit} and {@code marker} (newest first), and
 * {@code all_tenants} for admins (every project). Other parameters, sort among them, are ignored.
 */
record AttachmentListParams(AttachmentQuery query) {

    static AttachmentListParams parse(MultivaluedMap<String, String> params, Caller caller, int maxLimit) {
        String project = caller.projectId();
        String allTenants = params.getFirst("all_tenants");
        if (allTenants != null && caller.admin()) {
            project = null;
        }
        UUID volumeId = null;
        String volume = params.getFirst("volume_id");
        if (volume != null) {
            volumeId = Uuids.parse(volume);
            if (volumeId == null) {
                return nothing(project);
            }
        }
        String status = params.getFirst("attach_status");
        if (status == null) {
            status = params.getFirst("status");
        }
        AttachStatus attachStatus = null;
        if (status != null) {
            attachStatus = AttachStatus.fromValue(status);
            if (attachStatus == null) {
                return nothing(project);
            }
        }
        int limit = ListParameters.limit(params.getFirst("limit"), maxLimit);
        UUID marker = null;
        String markerText = params.getFirst("marker");
        if (markerText != null) {
            marker = Uuids.parse(markerText);
            if (marker == null) {
                throw ApiException.notFound("Marker " + markerText + " could not be found.");
            }
        }
        return new AttachmentListParams(new AttachmentQuery(project, volumeId, params.getFirst("instance_id"),
                attachStatus, marker, limit));
    }

    /** A filter no attachment can match (an id that is not one, an unknown status): an empty page. */
    private static AttachmentListParams nothing(String project) {
        return new AttachmentListParams(new AttachmentQuery(project, null, null, null, null, 0));
    }
}
