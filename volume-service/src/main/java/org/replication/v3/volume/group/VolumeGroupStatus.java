package org.replication.v3.volume.group;

import org.replication.v3.common.replication.SpecValue;

/** A group's status as its backend holds it, spelled as Cinder spells it: the few states this service sets. */
public enum VolumeGroupStatus implements SpecValue {
    AVAILABLE("available"),
    ERROR("error"),
    ERROR_DELETING("error_deleting");

    private final String value;

    VolumeGroupStatus(String value) {
        this.value = value;
    }

    @Override
    public String value() {
        return value;
    }
}
