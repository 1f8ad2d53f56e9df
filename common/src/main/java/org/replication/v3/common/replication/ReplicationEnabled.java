package org.replication.v3.common.replication;

import org.replication.v3.common.messaging.DomainEvent;

/**
 * A volume's replication started (or failed to start: {@code replication.status()} is error, with the reason).
 *
 * @param groupId the generic volume group the volume belongs to, or null: what a group-scope failover switches
 */
public record ReplicationEnabled(String volumeId, String host, VolumeReplication replication, String error,
        String groupId) implements DomainEvent {

    public static final String TYPE = "volume.replication-enabled.v1";

    @Override
    public String eventType() {
        return TYPE;
    }

    @Override
    public String subject() {
        return volumeId;
    }
}
