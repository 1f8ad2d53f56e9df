package org.replication.v3.api.volume.service;

import java.util.Map;

/**
 * A validated request for a new volume.
 *
 * @param volumeType name or id, or null for the default type
 * @param availabilityZone null for the default zone
 */
public record NewVolume(int size, String name, String description, String volumeType, String availabilityZone,
        Map<String, String> metadata, boolean multiattach) {
}
