package org.replication.v3.array.volume;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Which side of a volume this array holds: the one that takes writes, or the replica. */
public enum Role {
    @JsonProperty("primary") PRIMARY,
    @JsonProperty("secondary") SECONDARY
}
