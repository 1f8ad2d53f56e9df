package org.replication.v3.array.volume;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How a pair replicates: every write on both disks before the acknowledgement, or shipped images at the RPO. */
public enum Mode {
    @JsonProperty("sync") SYNC,
    @JsonProperty("async") ASYNC
}
