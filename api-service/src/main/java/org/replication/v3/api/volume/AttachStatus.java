package org.replication.v3.api.volume;

import java.util.HashMap;
import java.util.Map;

/** Cinder's attach statuses ({@code fields.VolumeAttachStatus}), of a volume and of each of its attachments. */
public enum AttachStatus {
    ATTACHED("attached"),
    ATTACHING("attaching"),
    DETACHED("detached"),
    RESERVED("reserved"),
    DETACHING("detaching"),
    ERROR_ATTACHING("error_attaching"),
    ERROR_DETACHING("error_detaching");

    private static final Map<String, AttachStatus> BY_VALUE = new HashMap<>();

    static {
        for (AttachStatus status : values()) {
            BY_VALUE.put(status.value, status);
        }
    }

    private final String value;

    AttachStatus(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    /** The status spelled {@code value}, or null when there is none. */
    public static AttachStatus fromValue(String value) {
        return BY_VALUE.get(value);
    }
}
