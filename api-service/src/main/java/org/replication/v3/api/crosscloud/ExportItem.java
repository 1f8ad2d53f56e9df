package org.replication.v3.api.crosscloud;

/**
 * One volume of an export.
 *
 * @param document the sealed document's JSON once exported (null before, and on failure)
 * @param reason   why it was not exported (null unless failed)
 */
public record ExportItem(String volumeId, String host, ItemStatus status, String document, String reason) {
}
