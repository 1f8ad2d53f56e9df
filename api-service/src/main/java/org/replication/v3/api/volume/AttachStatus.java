package org.replication.v3.api.volume;

import java.util.Arrays;
import org.replication.v3.common.replication.SpecValue;

/** Cinder's attach statuses ({@code fields.VolumeAttachStatus}), of a volume and of each of its attachments. */
public enum AttachStatus implements SpecValue {
    ATTACHED,
    ATTACHING,
    DETACHED,
    RESERVED,
    DETACHING,
    ERROR_ATTACHING,
    ERROR_DETACHING;

    /** The status spelled {@code value}, or null when there is none. */
    public static AttachStatus fromValue(String value) {
        return Arrays.stream(values()).filter(status -> status.value().equals(value)).findFirst().orElse(null);
    }
}
