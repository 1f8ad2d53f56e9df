package org.replication.v3.api.attachment.repository;

import java.util.UUID;
import org.replication.v3.api.volume.AttachStatus;

/**
 * Filters of an attachment list; null filters match everything, a null project every project.
 *
 * @param marker the id of the last attachment of the previous page, or null for the first page
 */
public record AttachmentQuery(String projectId, UUID volumeId, String instanceUuid, AttachStatus status, UUID marker,
        int limit) {
}
