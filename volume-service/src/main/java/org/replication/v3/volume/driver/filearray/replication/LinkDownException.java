package org.replication.v3.volume.driver.filearray.replication;

import java.io.IOException;

/** The replication link between the two arrays is cut: nothing crossed it. */
public class LinkDownException extends IOException {

    public LinkDownException(String link) {
        super("replication link " + link + " is down");
    }
}
