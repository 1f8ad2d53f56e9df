package org.replication.v3.common.failover;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.Set;
import org.replication.v3.common.replication.SpecValue;

/**
 * The states of a failover, failback or reprotect operation, as the API shows them and
 * {@link OperationChanged} carries them. {@code accepted} is the API's own state between the request and the
 * replication-service's first event; the others are the replication-service's.
 */
public enum OperationState implements SpecValue {
    ACCEPTED,
    /** A dry run: the plan only. */
    PLANNED,
    REFUSED,
    RUNNING,
    COMPLETED,
    COMPLETED_WITH_ERRORS;

    /** The states in which an operation may still switch volumes: a new request must not overlap them. */
    public static final Set<OperationState> ACTIVE = Set.of(ACCEPTED, RUNNING);

    public boolean active() {
        return ACTIVE.contains(this);
    }

    public boolean finished() {
        return this == COMPLETED || this == COMPLETED_WITH_ERRORS || this == REFUSED || this == PLANNED;
    }

    @JsonCreator
    public static OperationState of(String value) {
        return SpecValue.parse(OperationState.class, value);
    }
}
