package org.replication.v3.array.volume;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Whether both sides of a sync pair take writes (each mirrored to the other) or the primary only. */
public enum Topology {
    @JsonProperty("active_active") ACTIVE_ACTIVE,
    @JsonProperty("active_passive") ACTIVE_PASSIVE
}
