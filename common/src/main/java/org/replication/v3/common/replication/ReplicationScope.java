package org.replication.v3.common.replication;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * What is replicated and failed over as one unit. Scopes are exclusive: a volume covered by a wider scope (its
 * group, pool or backend) is not replicated on its own as well.
 */
public enum ReplicationScope implements SpecValue {
    VOLUME,
    GROUP,
    POOL,
    BACKEND;

    /** Pool and backend scopes replicate everything placed there, whatever the volume's type says. */
    public boolean coversWholeLocation() {
        return this == POOL || this == BACKEND;
    }

    @JsonCreator
    public static ReplicationScope of(String value) {
        return SpecValues.parse(ReplicationScope.class, values(), ReplicationScope::value, value);
    }
}
