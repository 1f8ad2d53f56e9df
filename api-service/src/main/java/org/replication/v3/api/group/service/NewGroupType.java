package org.replication.v3.api.group.service;

import java.util.Map;

/** A validated request for a new group type. */
public record NewGroupType(String name, String description, boolean isPublic, Map<String, String> groupSpecs) {
}
