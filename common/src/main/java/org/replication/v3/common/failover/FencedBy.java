package org.replication.v3.common.failover;

/**
 * Who made sure the old active side of a failed-over volume takes no more writes, so that two sides never do:
 * nobody needed to (planned: the old side answered and handed over), its mediator (it saw the side lost, or cut it
 * off), the driver (an async replica fences the unreachable side itself), or the operator ({@code force} with a
 * reason: the operator vouches the side is down).
 */
public final class FencedBy {

    public static final String PLANNED = "planned";
    public static final String MEDIATOR = "mediator";
    public static final String DRIVER = "driver";
    public static final String OPERATOR = "operator";

    private FencedBy() {
    }
}
