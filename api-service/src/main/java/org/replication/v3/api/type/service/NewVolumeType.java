package org.replication.v3.api.type.service;

import java.util.Map;

/** A validated request for a new volume type. */
public record NewVolumeType(String name, String description, boolean isPublic, Map<String, String> extraSpecs) {
}
