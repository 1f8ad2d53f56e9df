package org.replication.v3.drill;

/** The drill cannot go on: a call that must succeed did not, or something it waits for never came. */
public final class DrillException extends RuntimeException {

    public DrillException(String message) {
        super(message);
    }
}
