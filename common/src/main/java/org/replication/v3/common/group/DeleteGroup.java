package org.replication.v3.common.group;

import java.util.List;
import org.replication.v3.common.messaging.DomainEvent;

/** Delete a group from the backend that holds it ({@code host} = host@backend#pool), with the volumes listed, which the API has already marked deleting. */
public record DeleteGroup(String groupId, String host, List<GroupMember> volumes) implements DomainEvent {

    public static final String TYPE = "group.delete.v1";

    @Override
    public String eventType() {
        return TYPE;
    }

    @Override
    public String subject() {
        return groupId;
    }
}
