package org.replication.v3.common.messaging;

/** A record that is not a CloudEvent we can read; the consumer sends it to the dead-letter topic. */
public class MalformedEventException extends RuntimeException {
    public MalformedEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
