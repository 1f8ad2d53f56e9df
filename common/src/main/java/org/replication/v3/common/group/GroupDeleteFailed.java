package org.replication.v3.common.group;

import org.replication.v3.common.messaging.DomainEvent;

/** The group or one of its volumes could not be deleted; the group goes to error_deleting. */
public record GroupDeleteFailed(String groupId, String reason) implements DomainEvent {

    public static final String TYPE = "group.delete-failed.v1";

    @Override
    public String eventType() {
        return TYPE;
    }

    @Override
    public String subject() {
        return groupId;
    }
}
