package org.replication.v3.volume.driver;

/**
 * What a replication driver's mediator decided by itself for a sync volume: a failover to the target (the primary
 * array was lost) or fencing the target so the primary keeps taking writes.
 *
 * @param activeBackendId the backend now serving the volume (null: the primary)
 */
public record MediatorDecision(String volumeId, boolean failedOver, String activeBackendId, String reason) {
}
