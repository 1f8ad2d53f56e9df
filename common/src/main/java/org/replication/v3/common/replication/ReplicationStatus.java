package org.replication.v3.common.replication;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Cinder's replication_status values (cinder/objects/fields.py ReplicationStatus), for volumes, groups, services. */
public enum ReplicationStatus implements SpecValue {
    ENABLED("enabled"),
    DISABLED("disabled"),
    NOT_CAPABLE("not-capable"),
    ERROR("error"),
    ENABLING("enabling"),
    DISABLING("disabling"),
    FAILING_OVER("failing-over"),
    FAILOVER_ERROR("failover-error"),
    FAILED_OVER("failed-over");

    private final String value;

    ReplicationStatus(String value) {
        this.value = value;
    }

    @JsonValue
    @Override
    public String value() {
        return value;
    }

    @JsonCreator
    public static ReplicationStatus of(String value) {
        return SpecValues.parse(ReplicationStatus.class, values(), ReplicationStatus::value, value);
    }
}
