package org.replication.v3.common.replication;

import com.fasterxml.jackson.annotation.JsonCreator;

/** Cinder's replication_status values (cinder/objects/fields.py ReplicationStatus), for volumes, groups, services. */
public enum ReplicationStatus implements SpecValue {
    ENABLED,
    DISABLED,
    NOT_CAPABLE,
    ERROR,
    ENABLING,
    DISABLING,
    FAILING_OVER,
    FAILOVER_ERROR,
    FAILED_OVER;

    /** Cinder spells these with hyphens. */
    @Override
    public String value() {
        return SpecValue.super.value().replace('_', '-');
    }

    @JsonCreator
    public static ReplicationStatus of(String value) {
        return SpecValues.parse(ReplicationStatus.class, values(), ReplicationStatus::value, value);
    }
}
