package org.replication.v3.common.group;

import org.replication.v3.common.messaging.DomainEvent;

/** The driver could not create the group; it goes to error. */
public record GroupCreateFailed(String groupId, String host, String reason) implements DomainEvent {

    public static final String TYPE = "group.create-failed.v1";

    @Override
    public String eventType() {
        return TYPE;
    }

    @Override
    public String subject() {
        return groupId;
    }
}
