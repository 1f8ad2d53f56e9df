package org.replication.v3.api.volume.service;

import java.util.Map;

/**
 * A validated request for a new volume.
 *
 * @param volumeType name or id, or null for the default type
 * @param availabilityZone null for the default zone
 * @param groupId the group to create it in (3.13+), or null
 */
public record NewVolume(int size, String name, String description, String volumeType, String availabilityZone,
        Map<String, String> metadata, boolean multiattach, String groupId) {
}
