package org.replication.v3.api.group;

import java.util.Map;

/** What some group specs mean to the API itself; the rest only steer placement and the driver. */
public final class GroupSpecs {

    public static final String GROUP_REPLICATION_ENABLED = "group_replication_enabled";
    public static final String CONSISTENT_GROUP_REPLICATION_ENABLED = "consistent_group_replication_enabled";
    /** Cinder's is_group_a_type compares the whole value with this exact text. */
    private static final String IS_TRUE = "<is> True";

    private GroupSpecs() {
    }

    /** Cinder's group.is_replicated: either replication key set to exactly {@code <is> True}. */
    public static boolean replicationEnabled(Map<String, String> specs) {
        return IS_TRUE.equals(specs.get(GROUP_REPLICATION_ENABLED))
                || IS_TRUE.equals(specs.get(CONSISTENT_GROUP_REPLICATION_ENABLED));
    }
}
