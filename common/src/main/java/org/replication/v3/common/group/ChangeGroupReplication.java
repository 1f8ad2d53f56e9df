package org.replication.v3.common.group;

import java.util.List;
import org.replication.v3.common.messaging.DomainEvent;

/**
 * Tiramisu's enable_replication / disable_replication of a group: the volume-service hosting the group
 * ({@code host} = host@backend#pool) asks its replication driver to start or stop replicating the listed volumes
 * as one group, and answers with {@link GroupReplicationChanged}.
 *
 * @param enable true to enable, false to disable
 */
public record ChangeGroupReplication(String groupId, String host, boolean enable, List<GroupMember> volumes)
        implements DomainEvent {

    public static final String TYPE = "group.replication-change.v1";

    public ChangeGroupReplication {
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
