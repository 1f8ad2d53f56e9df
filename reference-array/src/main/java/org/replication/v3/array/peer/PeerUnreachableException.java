package org.replication.v3.array.peer;

import java.io.IOException;

/** The peer array did not answer, or could not put the bytes on its disk: nothing is known to have reached it. */
public class PeerUnreachableException extends IOException {

    public PeerUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
