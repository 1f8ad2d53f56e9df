package org.replication.v3.api.type.service;

/**
 * A validated type update; a null field stays as it is (Cinder cannot clear a description either).
 */
public record TypeChanges(String name, String description, Boolean isPublic) {
}
