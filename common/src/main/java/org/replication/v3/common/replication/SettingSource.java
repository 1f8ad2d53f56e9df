package org.replication.v3.common.replication;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where an effective replication value came from, highest precedence first. */
public enum SettingSource {
    GROUP_TYPE("group_type"),
    VOLUME_TYPE("volume_type"),
    BACKEND("backend"),
    DEFAULT("default");

    private final String value;

    SettingSource(String value) {
        this.value = value;
    }

    @JsonValue
    public String value() {
        return value;
    }
}
