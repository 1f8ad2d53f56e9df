package org.replication.v3.common.replication;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What is replicated and failed over as one unit. Scopes are exclusive: a volume covered by a wider scope (its
 * group, pool or backend) is not replicated on its own as well.
 */
public enum ReplicationScope implements SpecValue {
    VOLUME("volume"),
    GROUP("group"),
    POOL("pool"),
    BACKEND("backend");

    private final String value;

    ReplicationScope(String value) {
        this.value = value;
    }

    @JsonValue
    @Override
    public String value() {
        return value;
    }

    /** Pool and backend scopes replicate everything placed there, whatever the volume's type says. */
    public boolean coversWholeLocation() {
        return this == POOL || this == BACKEND;
    }

    @JsonCreator
    public static ReplicationScope of(String value) {
        return SpecValues.parse(ReplicationScope.class, values(), ReplicationScope::value, value);
    }
}
