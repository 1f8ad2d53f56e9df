package org.replication.v3.api.group;

import java.util.ArrayList;
import java.util.List;

/** Every status a group can have: Cinder's closed set ({@code fields.GroupStatus}). */
public enum GroupStatus {
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

    public String value() {
        return value;
    }

    public static GroupStatus fromValue(String value) {
        for (GroupStatus status : values()) {
            if (status.value.equals(value)) {
                return status;
            }
        }
        return null;
    }

    /** As Python prints Cinder's list of them in messages. */
    public static String allAsPythonList() {
        List<String> quoted = new ArrayList<>();
        for (GroupStatus status : values()) {
            quoted.add("'" + status.value + "'");
        }
        return "[" + String.join(", ", quoted) + "]";
    }
}
