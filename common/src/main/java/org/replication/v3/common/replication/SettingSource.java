package org.replication.v3.common.replication;


/** Where an effective replication value came from, highest precedence first. */
public enum SettingSource implements SpecValue {
    GROUP_TYPE,
    VOLUME_TYPE,
    BACKEND,
    DEFAULT;
}
