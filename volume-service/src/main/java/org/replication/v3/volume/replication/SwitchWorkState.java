package org.replication.v3.volume.replication;

import java.util.Locale;

/** Where a switch command's tracked work stands. */
public enum SwitchWorkState {
    /** Recorded with the command; its backend's worker has not started it. */
    PENDING,
    /** Its backend's worker is switching its volumes, a chunk at a time (a crash resumes it). */
    RUNNING,
    /** Every volume switched, recorded and announced. */
    DONE;

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static SwitchWorkState of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
