package org.replication.v3.api.group.service;

import java.util.List;

/**
 * A validated request for a new group.
 *
 * @param groupType   name or id
 * @param volumeTypes names or ids, at least one
 * @param availabilityZone null for the default zone
 */
public record NewGroup(String name, String description, String groupType, List<String> volumeTypes,
        String availabilityZone) {
}
