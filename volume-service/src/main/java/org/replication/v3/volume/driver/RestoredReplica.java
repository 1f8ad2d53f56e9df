package org.replication.v3.volume.driver;

/**
 * A driver's answer for one volume of {@link ReplicationDriver#restoreReplication}.
 *
 * @param copiedBytes bytes copied to bring the replica up to date with the serving side (0 when nothing was
 *                    pending)
 * @param error       why the volume's replication could not be restored, or null
 */
public record RestoredReplica(String volumeId, long copiedBytes, String error) {
}
