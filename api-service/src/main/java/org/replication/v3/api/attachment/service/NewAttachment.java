package org.replication.v3.api.attachment.service;

import java.util.Map;
import java.util.UUID;

/**
 * An attachment create: reserve {@code volumeId} for a server, and connect it at once when a connector is given.
 *
 * @param mode rw, ro, or {@code "null"} to take the connector's mode later
 */
public record NewAttachment(UUID volumeId, String instanceUuid, Map<String, Object> connector, String mode) {
}
