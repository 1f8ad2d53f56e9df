package org.replication.v3.api.volume;

import java.util.HashMap;
import java.util.Map;

/** Every status a volume can have: Cinder's closed set ({@code fields.VolumeStatus}) plus {@code deleted}. */
public enum VolumeStatus {
    CREATING("creating"),
    AVAILABLE("available"),
    DELETING("deleting"),
    DELETED("deleted"),
    ERROR("error"),
    ERROR_DELETING("error_deleting"),
    ERROR_MANAGING("error_managing"),
    MANAGING("managing"),
    ATTACHING("attaching"),
    IN_USE("in-use"),
    DETACHING("detaching"),
    MAINTENANCE("maintenance"),
    RESTORING_BACKUP("restoring-backup"),
    ERROR_RESTORING("error_restoring"),
    RESERVED("reserved"),
    AWAITING_TRANSFER("awaiting-transfer"),
    BACKING_UP("backing-up"),
    ERROR_BACKING_UP("error_backing-up"),
    ERROR_EXTENDING("error_extending"),
    DOWNLOADING("downloading"),
    UPLOADING("uploading"),
    RETYPING("retyping"),
    EXTENDING("extending");

    private static final Map<String, VolumeStatus> BY_VALUE = new HashMap<>();

    static {
        for (VolumeStatus status : values()) {
            BY_VALUE.put(status.value, status);
        }
    }

    private final String value;

    VolumeStatus(String value) {
        this.value = value;
    }

    /** The status as the API and the database spell it. */
    public String value() {
        return value;
    }

    /** The status spelled {@code value}, or null when there is none. */
    public static VolumeStatus fromValue(String value) {
        return BY_VALUE.get(value);
    }
}
