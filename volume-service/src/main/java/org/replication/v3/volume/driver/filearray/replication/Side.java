package org.replication.v3.volume.driver.filearray.replication;

/** The two arrays of a pair as configured: the primary, and the replication target. */
public enum Side {
    PRIMARY,
    SECONDARY;

    public Side other() {
        return this == PRIMARY ? SECONDARY : PRIMARY;
    }
}
