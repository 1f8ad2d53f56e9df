package org.replication.v3.api.volume;

/**
 * One attached attachment of a volume as volume responses list it; kept on the volume row (see {@link Volume}).
 *
 * @param attachedAt already in Cinder's time format
 */
public record AttachedTo(String attachmentId, String serverId, String hostName, String device, String attachedAt) {
}
