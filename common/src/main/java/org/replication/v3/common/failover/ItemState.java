package org.replication.v3.common.failover;

import com.fasterxml.jackson.annotation.JsonCreator;
import org.replication.v3.common.replication.SpecValue;

/** The state of one volume within an operation: sent to its backend and waiting, switched, or failed. */
public enum ItemState implements SpecValue {
    PENDING,
    DONE,
    FAILED;

    @JsonCreator
    public static ItemState of(String value) {
        return SpecValue.parse(ItemState.class, value);
    }
}
