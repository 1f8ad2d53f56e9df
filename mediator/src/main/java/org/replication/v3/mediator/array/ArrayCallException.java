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

    /** The array refused this mediator's epoch: a later mediator outranks it. */
    public boolean staleController() {
        return status == 409 && getMessage().contains("staleController");
    }

    /**
     * The array answered and refused the request as a whole (4xx: a stale epoch, a rejected token or body): asking
     * again cannot help. No answer or a 5xx may pass, so those are retried.
     */
    public boolean refused() {
        return status >= 400 && status < 500;
    }
}
