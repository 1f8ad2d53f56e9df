package org.replication.v3.api.group;

import java.time.Instant;
import java.util.UUID;
import org.replication.v3.api.message.UserMessage;

/** The user messages a group's asynchronous failures leave, in the shape of Cinder's message records. */
public final class GroupMessages {

    private static final String RESOURCE_TYPE = "GROUP";
    /**
     * Cinder's message_field actions for creating and updating a group, and the details "no valid backend" and
     * "driver error".
     */
    private static final String ACTION_CREATE_GROUP = "010";
    private static final String ACTION_UPDATE_GROUP = "012";
    private static final String DETAIL_NO_VALID_BACKEND = "003";
    private static final String DETAIL_DRIVER_FAILED = "005";

    private GroupMessages() {
    }

    public static UserMessage noValidBackend(String projectId, UUID groupId, String reason, Instant at) {
        return message(projectId, groupId, ACTION_CREATE_GROUP, DETAIL_NO_VALID_BACKEND,
                "create group:Could not find any available weighted backend.", reason, at);
    }

    public static UserMessage driverFailed(String projectId, UUID groupId, String reason, Instant at) {
        return message(projectId, groupId, ACTION_CREATE_GROUP, DETAIL_DRIVER_FAILED,
                "create group:Driver failed to create the group.", reason, at);
    }

    /** The backend could not add or remove some of the volumes of an update_group. */
    public static UserMessage updateFailed(String projectId, UUID groupId, String reason, Instant at) {
        return message(projectId, groupId, ACTION_UPDATE_GROUP, DETAIL_DRIVER_FAILED,
                "update group:Driver failed to update the group.", reason, at);
    }

    private static UserMessage message(String projectId, UUID groupId, String actionId, String detailId, String text,
            String reason, Instant at) {
        UserMessage message = new UserMessage();
        message.id = UUID.randomUUID();
        message.projectId = projectId;
        message.resourceType = RESOURCE_TYPE;
        message.resourceUuid = groupId.toString();
        message.actionId = actionId;
        message.detailId = detailId;
        message.eventId = RESOURCE_TYPE + "_" + RESOURCE_TYPE + "_" + actionId + "_" + detailId;
        message.messageLevel = "ERROR";
        message.userMessage = text;
        message.reason = reason;
        message.createdAt = at;
        message.expiresAt = at.plus(UserMessage.TIME_TO_LIVE);
        return message;
    }
}
