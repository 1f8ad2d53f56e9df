package org.replication.v3.api.message.mapping;

import java.util.LinkedHashMap;
import java.util.Map;
import org.replication.v3.api.http.CinderTime;
import org.replication.v3.api.http.ResourceLinks;
import org.replication.v3.api.message.UserMessage;

/** A user message in Cinder's shape and field order; resource fields only when the message names a resource. */
public final class MessageView {

    public static final String COLLECTION = "messages";

    private MessageView() {
    }

    public static Map<String, Object> of(UserMessage message, ResourceLinks links) {
        Map<String, Object> view = new LinkedHashMap<>(12);
        view.put("id", message.id.toString());
        view.put("event_id", message.eventId);
        view.put("user_message", message.userMessage);
        view.put("message_level", message.messageLevel);
        view.put("created_at", CinderTime.format(message.createdAt));
        view.put("guaranteed_until", CinderTime.format(message.expiresAt));
        view.put("request_id", message.requestId);
        view.put("links", links.of(COLLECTION, message.id.toString()));
        if (message.resourceType != null) {
            view.put("resource_type", message.resourceType);
        }
        if (message.resourceUuid != null) {
            view.put("resource_uuid", message.resourceUuid);
        }
        return view;
    }
}
