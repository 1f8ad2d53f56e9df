package org.replication.v3.api.crosscloud;

/**
 * One volume of an import.
 *
 * @param host   host@backend#pool it is recorded at
 * @param reason why the volume-service refused it (null unless failed)
 */
public record ImportItem(String volumeId, String documentId, String host, ItemStatus status, String reason) {
}
