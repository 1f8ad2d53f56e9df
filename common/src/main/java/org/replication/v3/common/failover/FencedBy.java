package org.replication.v3.common.failover;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.replication.v3.common.replication.SpecValue;

/**
 * Who made sure the old active side of a failed-over volume takes no more writes, so that two sides never do:
 * nobody needed to (planned: the old side answered and handed over), its mediator (it saw the side lost, or cut it
 * off), the driver (an async replica fences the unreachable side itself), or the operator ({@code force} with a
 * reason: the operator vouches the side is down).
 */
public enum FencedBy implements SpecValue {
    PLANNED("planned"),
    MEDIATOR("mediator"),
    DRIVER("driver"),
    OPERATOR("operator");

    private final String value;

    FencedBy(String value) {
        this.value = value;
    }

    @JsonValue
    @Override
    public String value() {
        return value;
    }

    @JsonCreator
    public static FencedBy of(String value) {
        return SpecValue.parse(FencedBy.class, value);
    }
}
