package org.replication.v3.api.volume;

import java.util.Arrays;
import org.replication.v3.common.replication.SpecValue;

/** Every status a volume can have: Cinder's closed set ({@code fields.VolumeStatus}) plus {@code deleted}. */
public enum VolumeStatus implements SpecValue {
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

    private final String value;

    VolumeStatus(String value) {
        this.value = value;
    }

    /** The status as the API and the database spell it. */
    @Override
    public String value() {
        return value;
    }

    /** The status spelled {@code value}, or null when there is none. */
    public static VolumeStatus fromValue(String value) {
        return Arrays.stream(values()).filter(status -> status.value.equals(value)).findFirst().orElse(null);
    }
}
