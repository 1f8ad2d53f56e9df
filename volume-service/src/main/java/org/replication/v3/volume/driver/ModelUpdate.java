package org.replication.v3.volume.driver;

/** A driver's answer to a create: how the array names the volume. */
public record ModelUpdate(String providerId) {
}
