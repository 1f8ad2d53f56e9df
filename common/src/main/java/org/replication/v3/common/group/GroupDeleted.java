package org.replication.v3.common.group;

import org.replication.v3.common.messaging.DomainEvent;

/** The group is gone from its backend (its volumes are announced one by one with their own events). */
public record GroupDeleted(String groupId) implements DomainEvent {

    public static final String TYPE = "group.deleted.v1";

    @Override
    public String eventType() {
        return TYPE;
    }

    @Override
    public String subject() {
        return groupId;
    }
}
