package org.replication.v3.api.attachment.repository;

import java.util.UUID;
import org.replication.v3.api.volume.AttachStatus;

/** Filters of an attachment list; null filters match everything, a null project every project. */
public record AttachmentQuery(String projectId, UUID volumeId, String instanceUuid, AttachStatus status, int limit) {
}
