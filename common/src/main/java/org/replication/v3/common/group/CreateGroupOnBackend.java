package org.replication.v3.common.group;

import java.util.Map;
import org.replication.v3.common.messaging.DomainEvent;

/** The scheduler's placement: the volume-service hosting {@code host} (host@backend#pool) creates the group there. */
public record CreateGroupOnBackend(String groupId, String projectId, String host, String groupTypeId, Map<String, String> groupSpecs) implements DomainEvent {

    public static final String TYPE = "group.create.v1";

    @Override
    public String eventType() {
        return TYPE;
    }

    @Override
    public String subject() {
        return groupId;
    }
}
