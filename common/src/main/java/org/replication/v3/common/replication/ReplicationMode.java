package org.replication.v3.common.replication;

import com.fasterxml.jackson.annotation.JsonCreator;

/** Whether a write is acknowledged only once the replica has it (sync) or is shipped later (async, with an RPO). */
public enum ReplicationMode implements SpecValue {
    SYNC,
    ASYNC;

    @JsonCreator
    public static ReplicationMode of(String value) {
        return SpecValues.parse(ReplicationMode.class, values(), ReplicationMode::value, value);
    }
}
