package org.replication.v3.volume.driver;

/**
 * What {@link ReplicationDriver#recordExports} writes on a replica's array: the document exported for the volume and
 * its digest, which the importing cloud finds there and compares with the document it is given.
 */
public record ExportRecord(String volumeId, String documentId, String digest) {
}
