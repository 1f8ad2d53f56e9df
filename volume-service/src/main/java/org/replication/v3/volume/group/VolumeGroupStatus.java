package org.replication.v3.volume.group;

import org.replication.v3.common.replication.SpecValue;

/** A group's status as its backend holds it, spelled as Cinder spells it: the few states this service sets. */
public enum VolumeGroupStatus implements SpecValue {
    AVAILABLE,
    ERROR,
    ERROR_DELETING;
}
