package org.replication.v3.volume.driver;

import org.replication.v3.common.crosscloud.ReplicaDocument;

/**
 * A replica exported by another cloud that {@link VolumeDriver#manageReplicas} is asked to take over (Cinder's
 * manage-existing, checked against the export's document).
 *
 * @param pool     the pool of this backend the volume is recorded in
 * @param document the export's document, as imported
 */
public record ReplicaToManage(String volumeId, String pool, ReplicaDocument document) {
}
