package org.replication.v3.api.message.repository;

import java.util.Map;
import java.util.function.Function;
import org.replication.v3.api.message.UserMessage;
import org.replication.v3.api.paging.SortColumn;

/** The columns a message list can be sorted by (see {@link SortColumn}). */
public enum MessageSortColumn implements SortColumn<UserMessage> {
    ID("m.id", message -> message.id),
    EVENT_ID("m.eventId", message -> message.eventId),
    MESSAGE_LEVEL("m.messageLevel", message -> message.messageLevel),
    RESOURCE_TYPE("m.resourceType", message -> message.resourceType),
    RESOURCE_UUID("coalesce(m.resourceUuid, '')", message -> message.resourceUuid == null ? "" : message.resourceUuid),
    REQUEST_ID("coalesce(m.requestId, '')", message -> message.requestId == null ? "" : message.requestId),
    CREATED_AT("m.createdAt", message -> message.createdAt),
    EXPIRES_AT("m.expiresAt", message -> message.expiresAt);

    private static final Map<String, MessageSortColumn> BY_API_NAME = Map.of("id", ID, "event_id", EVENT_ID,
            "message_level", MESSAGE_LEVEL, "resource_type", RESOURCE_TYPE, "resource_uuid", RESOURCE_UUID,
            "request_id", REQUEST_ID, "created_at", CREATED_AT, "expires_at", EXPIRES_AT,
            "guaranteed_until", EXPIRES_AT);

    private final String expression;
    private final Function<UserMessage, Object> valueOf;

    MessageSortColumn(String expression, Function<UserMessage, Object> valueOf) {
        this.expression = expression;
        this.valueOf = valueOf;
    }

    /** The column the API calls {@code name}, or null when it cannot be sorted by. */
    public static MessageSortColumn byApiName(String name) {
        return BY_API_NAME.get(name);
    }

    @Override
    public String expression() {
        return expression;
    }

    @Override
    public Object valueOf(UserMessage message) {
        return valueOf.apply(message);
    }
}
