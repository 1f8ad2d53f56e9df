package org.replication.v3.volume.data;

/** Where a volume's bytes are: its backend and pool on this host. */
public record VolumeLocation(String id, String backend, String pool) {
}
