package org.replication.v3.array.volume;

/** Why this side takes no writes: {@code by} (a peer array or {@code caller}) owns the volume at {@code generation}. */
public record Fence(long generation, String by) {
}
