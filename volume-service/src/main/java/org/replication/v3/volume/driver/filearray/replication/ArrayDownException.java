package org.replication.v3.volume.driver.filearray.replication;

import java.io.IOException;

/** The array does not answer: nothing was read or written there. */
public class ArrayDownException extends IOException {

    public ArrayDownException(String array) {
        super("array " + array + " is down");
    }
}
