package org.replication.v3.common.replication;

import com.fasterxml.jackson.annotation.JsonCreator;

/** How the two sides of a sync pair take writes: both (active/active) or only the primary (active/passive). */
public enum SyncTopology implements SpecValue {
    ACTIVE_ACTIVE,
    ACTIVE_PASSIVE;

    @JsonCreator
    public static SyncTopology of(String value) {
        return SpecValues.parse(SyncTopology.class, values(), SyncTopology::value, value);
    }
}
