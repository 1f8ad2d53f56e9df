package org.replication.v3.volume.driver;

import java.time.Instant;

/**
 * The driver's part of a cross-cloud export of a failed-over volume: where its replica lives (the array serving it
 * now) and its last consistent point, so that another cloud's driver managing that array can take it over.
 *
 * @param array            the array's name as the array reports it (what the other cloud's backend reports as its
 *                         capability {@code array})
 * @param backendId        the replication target's backend_id in this cloud
 * @param providerLocation {@code <array>:<pool>/volume-<id>}
 * @param pool             the pool the replica belongs to
 * @param sizeBytes        the replica's size on the array
 * @param generation       the replica's generation on the array: an import accepts it only at this one
 * @param consistentAt     the last instant it holds everything the primary had
 */
public record ReplicaExport(String volumeId, String array, String backendId, String providerLocation, String pool,
        long sizeBytes, long generation, Instant consistentAt) {
}
