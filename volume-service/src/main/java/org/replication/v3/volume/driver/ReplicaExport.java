package org.replication.v3.volume.driver;

/**
 * The driver's part of a cross-cloud export: where the replica lives on the target array and how big it is, so
 * the other cloud's driver can manage it.
 */
public record ReplicaExport(String volumeId, String targetBackendId, String providerLocation, int sizeGb) {
}
