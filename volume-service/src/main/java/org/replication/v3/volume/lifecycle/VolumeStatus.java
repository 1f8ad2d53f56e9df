package org.replication.v3.volume.lifecycle;

import org.replication.v3.common.replication.SpecValue;

/** A volume's status as its backend holds it, spelled as Cinder spells it: the few states this service sets. */
public enum VolumeStatus implements SpecValue {
    AVAILABLE,
    /** The create failed; the row stays so that the delete Cinder sends next finds it. */
    ERROR,
    ERROR_DELETING,
    ERROR_EXTENDING;
}
