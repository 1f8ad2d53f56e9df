package org.replication.v3.mediator.array;

import java.io.IOException;

/** An array call that got no usable answer: unreachable, timed out, or refused as a whole. */
public class ArrayCallException extends IOException {

    private final int status;

    public ArrayCallException(String message, int status, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** The HTTP status, or 0 when there was no answer. */
    public int status() {
        return status;
    }

    /** The array refused this mediator's epoch: a later mediator outranks it, so retrying cannot help. */
    public boolean staleController() {
        return status == 409 && getMessage().contains("staleController");
    }
}
