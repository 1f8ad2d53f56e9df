package org.replication.v3.volume.lifecycle;

import org.replication.v3.common.replication.SpecValue;

/** A volume's status as its backend holds it, spelled as Cinder spells it: the few states this service sets. */
public enum VolumeStatus implements SpecValue {
    AVAILABLE("available"),
    /** The create failed; the row stays so that the delete Cinder sends next finds it. */
    ERROR("error"),
    ERROR_DELETING("error_deleting"),
    ERROR_EXTENDING("error_extending");

    private final String value;

    VolumeStatus(String value) {
        this.value = value;
    }

    @Override
    public String value() {
        return value;
    }
}
