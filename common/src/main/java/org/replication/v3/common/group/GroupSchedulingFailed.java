package org.replication.v3.common.group;

import org.replication.v3.common.messaging.DomainEvent;

/** No backend can take the group; {@code reason} is written for the user who asked. */
public record GroupSchedulingFailed(String groupId, String reason) implements DomainEvent {

    public static final String TYPE = "scheduler.group-scheduling-failed.v1";

    @Override
    public String eventType() {
        return TYPE;
    }

    @Override
    public String subject() {
        return groupId;
    }
}
