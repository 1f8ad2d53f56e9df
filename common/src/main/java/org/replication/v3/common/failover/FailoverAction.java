package org.replication.v3.common.failover;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/**
 * What an operation does to its volumes: make the target serve them, give them back to the primary, or (after a
 * failover) reverse the replication so the target replicates to the old primary.
 */
public enum FailoverAction {
    FAILOVER("failover"),
    FAILBACK("failback"),
    REPROTECT("reprotect");

    private final String value;

    FailoverAction(String value) {
        this.value = value;
    }

    @JsonValue
    public String value() {
        return value;
    }

    @JsonCreator
    public static FailoverAction of(String value) {
        return Arrays.stream(values()).filter(a -> a.value.equals(value.toLowerCase(Locale.ROOT))).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("'" + value + "' is not failover, failback or reprotect"));
    }
}
