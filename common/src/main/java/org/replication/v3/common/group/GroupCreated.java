package org.replication.v3.common.group;

import org.replication.v3.common.messaging.DomainEvent;

/** The driver created the group at {@code host}; it is available. */
public record GroupCreated(String groupId, String host) implements DomainEvent {

    public static final String TYPE = "group.created.v1";

    @Override
    public String eventType() {
        return TYPE;
    }

    @Override
    public String subject() {
        return groupId;
    }
}
