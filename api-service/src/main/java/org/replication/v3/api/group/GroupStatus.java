package org.replication.v3.api.group;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.replication.v3.common.replication.SpecValue;

/** Every status a group can have: Cinder's closed set ({@code fields.GroupStatus}). */
public enum GroupStatus implements SpecValue {
    ERROR("error"),
    AVAILABLE("available"),
    CREATING("creating"),
    DELETING("deleting"),
    DELETED("deleted"),
    UPDATING("updating"),
    IN_USE("in-use"),
    ERROR_DELETING("error_deleting");

    private final String value;

    GroupStatus(String value) {
        this.value = value;
    }

    @Override
    public String value() {
        return value;
    }

    /** The status spelled {@code value}, or null when there is none. */
    public static GroupStatus fromValue(String value) {
        return Arrays.stream(values()).filter(status -> status.value.equals(value)).findFirst().orElse(null);
    }

    /** As Python prints Cinder's list of them in messages. */
    public static String allAsPythonList() {
        return Arrays.stream(values()).map(status -> "'" + status.value + "'")
                .collect(Collectors.joining(", ", "[", "]"));
    }
}
