package org.replication.v3.common.replication;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** How the two sides of a sync pair take writes: both (active/active) or only the primary (active/passive). */
public enum SyncTopology implements SpecValue {
    ACTIVE_ACTIVE("active_active"),
    ACTIVE_PASSIVE("active_passive");

    private final String value;

    SyncTopology(String value) {
        this.value = value;
    }

    @JsonValue
    @Override
    public String value() {
        return value;
    }

    @JsonCreator
    public static SyncTopology of(String value) {
        return SpecValues.parse(SyncTopology.class, values(), SyncTopology::value, value);
    }
}
