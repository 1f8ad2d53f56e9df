package org.replication.v3.common.failover;

import com.fasterxml.jackson.annotation.JsonCreator;
import org.replication.v3.common.replication.SpecValue;

/**
 * Who made sure the old active side of a failed-over volume takes no more writes, so that two sides never do:
 * nobody needed to (planned: the old side answered and handed over), its mediator (it saw the side lost, or cut it
 * off), the driver (an async replica fences the unreachable side itself), or the operator ({@code force} with a
 * reason: the operator vouches the side is down).
 */
public enum FencedBy implements SpecValue {
    PLANNED,
    MEDIATOR,
    DRIVER,
    OPERATOR;

    @JsonCreator
    public static FencedBy of(String value) {
        return SpecValue.parse(FencedBy.class, value);
    }
}
