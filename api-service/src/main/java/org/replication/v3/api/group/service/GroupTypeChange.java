package org.replication.v3.api.group.service;

/** A validated group type update; null fields stay as they are. */
public record GroupTypeChange(String name, String description, Boolean isPublic) {
}
