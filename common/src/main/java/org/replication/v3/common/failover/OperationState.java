package org.replication.v3.common.failover;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Set;
import org.replication.v3.common.replication.SpecValue;

/**
 * The states of a failover, failback or reprotect operation, as the API shows them and
 * {@link OperationChanged} carries them. {@code accepted} is the API's own state between the request and the
 * replication-service's first event; the others are the replication-service's.
 */
public enum OperationState implements SpecValue {
    ACCEPTED("accepted"),
    /** A dry run: the plan only. */
    PLANNED("planned"),
    REFUSED("refused"),
    RUNNING("running"),
    COMPLETED("completed"),
    COMPLETED_WITH_ERRORS("completed_with_errors");

    /** The states in which an operation may still switch volumes: a new request must not overlap them. */
    public static final Set<OperationState> ACTIVE = Set.of(ACCEPTED, RUNNING);

    private final String value;

    OperationState(String value) {
        this.value = value;
    }

    @JsonValue
    @Override
    public String value() {
        return value;
    }

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
