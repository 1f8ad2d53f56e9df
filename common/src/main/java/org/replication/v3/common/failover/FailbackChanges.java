package org.replication.v3.common.failover;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.Arrays;
import org.replication.v3.common.replication.SpecValue;

/**
 * What a failback does with the writes made on the target while it was failed over: {@code keep} copies them to
 * the primary before switching back; {@code discard} switches back to the primary's data as it was and drops them.
 * Absent in a message means {@code keep}: nothing acknowledged is dropped unless asked.
 */
public enum FailbackChanges implements SpecValue {
    KEEP,
    DISCARD;

    @JsonCreator
    public static FailbackChanges of(String value) {
        return Arrays.stream(values()).filter(c -> c.value().equals(value)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("'" + value + "' is not keep or discard"));
    }

    /** A message from an older producer carries none: keep. */
    public static FailbackChanges orKeep(FailbackChanges changes) {
        return changes == null ? KEEP : changes;
    }
}
