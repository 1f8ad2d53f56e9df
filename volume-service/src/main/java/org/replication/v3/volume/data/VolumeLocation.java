package org.replication.v3.volume.data;

/**
 * Where a volume's bytes are: its backend and pool on this host, and whether it has a replica (its bytes then go
 * through its pair, never straight to a file).
 */
public record VolumeLocation(String id, String backend, String pool, boolean replicated) {
}
