package org.replication.v3.array.peer;

/** The peer holds the volume at a higher generation: this side was failed away from and must stop writing. */
public class PeerFencedException extends Exception {

    private final long generation;

    public PeerFencedException(String message, long generation) {
        super(message);
        this.generation = generation;
    }

    public long generation() {
        return generation;
    }
}
