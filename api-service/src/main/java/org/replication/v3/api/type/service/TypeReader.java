package org.replication.v3.api.type.service;

/**
 * Who reads volume types: the project whose access lists count, and whether the caller sees every type anyway
 * (admins, by the {@code volume_extension:volume_type_access} rule).
 */
public record TypeReader(String projectId, boolean anyType) {
}
