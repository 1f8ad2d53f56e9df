package org.replication.v3.common.failover;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.Arrays;
import java.util.Locale;
import org.replication.v3.common.replication.SpecValue;

/**
 * What an operation does to its volumes: make the target serve them, give them back to the primary, or (after a
 * failover) reverse the replication so the target replicates to the old primary.
 */
public enum FailoverAction implements SpecValue {
    FAILOVER,
    FAILBACK,
    REPROTECT;

    @JsonCreator
    public static FailoverAction of(String value) {
        return Arrays.stream(values()).filter(a -> a.value().equals(value.toLowerCase(Locale.ROOT))).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("'" + value + "' is not failover, failback or reprotect"));
    }
}
