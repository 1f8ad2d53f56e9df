package org.replication.v3.api.volume.service;

import org.replication.v3.api.volume.AttachStatus;
import org.replication.v3.api.volume.VolumeStatus;

/**
 * What an os-reset_status asks for; null fields stay as they are.
 *
 * @param resetMigration whether {@code migrationStatus} was given (its null then clears the migration status)
 */
public record StatusReset(VolumeStatus status, AttachStatus attachStatus, String migrationStatus,
        boolean resetMigration) {
}
