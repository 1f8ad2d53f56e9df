package org.replication.v3.common.group;

import java.util.List;
import org.replication.v3.common.messaging.DomainEvent;
import org.replication.v3.common.replication.ReplicationStatus;

/**
 * The answer to {@link ChangeGroupReplication}: the group's replication_status after it (enabled, disabled, or
 * error when any volume failed) and each volume's.
 *
 * @param error why the group's replication could not change, or null
 */
public record GroupReplicationChanged(String groupId, boolean enable, ReplicationStatus replicationStatus, String error,
        List<VolumeResult> volumes) implements DomainEvent {

    public static final String TYPE = "group.replication-changed.v1";

    /** One volume's replication_status after the change, and why it failed (null when it did not). */
    public record VolumeResult(String volumeId, ReplicationStatus replicationStatus, String error) {
    }

    public GroupReplicationChanged {
        volumes = List.copyOf(volumes);
    }

    @Override
    public String eventType() {
        return TYPE;
    }

    @Override
    public String subject() {
        return groupId;
    }
}
