package org.replication.v3.volume.driver.filearray.replication;

import java.io.IOException;

/** A write that was not acknowledged; the caller must treat its bytes as not written. */
public class WriteRefusedException extends IOException {

    public WriteRefusedException(String message) {
        super(message);
    }

    public WriteRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
