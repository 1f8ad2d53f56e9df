package org.replication.v3.common.replication;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Whether a write is acknowledged only once the replica has it (sync) or is shipped later (async, with an RPO). */
public enum ReplicationMode implements SpecValue {
    SYNC("sync"),
    ASYNC("async");

    private final String value;

    ReplicationMode(String value) {
        this.value = value;
    }

    @JsonValue
    @Override
    public String value() {
        return value;
    }

    @JsonCreator
    public static ReplicationMode of(String value) {
        return SpecValues.parse(ReplicationMode.class, values(), ReplicationMode::value, value);
    }
}
