package org.replication.v3.volume.replication;

import org.replication.v3.common.replication.SpecValue;

/** Where a switch command's tracked work stands. */
public enum SwitchWorkState implements SpecValue {
    /** Recorded with the command; its backend's worker has not started it. */
    PENDING,
    /** Its backend's worker is switching its volumes, a chunk at a time (a crash resumes it). */
    RUNNING,
    /** Every volume switched, recorded and announced. */
    DONE;
}
