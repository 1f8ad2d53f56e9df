package org.replication.v3.api.message.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.replication.v3.api.auth.Caller;
import org.replication.v3.api.error.ApiException;
import org.replication.v3.api.http.CinderTime;
import org.replication.v3.api.message.UserMessage;
import org.replication.v3.api.message.repository.MessageQuery;
import org.replication.v3.api.message.repository.UserMessageRepository;

/**
 * Users' messages about their asynchronous failures. A project sees only its own (someone else's message does not
 * exist); admins see every project's, as in Cinder. An expired message is gone.
 */
@ApplicationScoped
public class MessageService {

    private static final Logger LOG = Logger.getLogger(MessageService.class);

    private final UserMessageRepository messages;

    public MessageService(UserMessageRepository messages) {
        this.messages = messages;
    }

    @WithSession
    public Uni<UserMessage> show(Caller caller, UUID id) {
        return messages.findLive(id, CinderTime.now()).map(message -> visible(caller, message, id));
    }

    @WithSession
    public Uni<List<UserMessage>> list(MessageQuery query) {
        Instant now = CinderTime.now();
        Uni<UserMessage> marker = query.marker() == null ? Uni.createFrom().nullItem()
                : messages.findLive(query.marker(), now).map(message -> {
                    if (message == null
                            || (query.projectId() != null && !query.projectId().equals(message.projectId))) {
                        throw markerNotFound(query.marker().toString());
                    }
                    return message;
                });
        return marker.flatMap(after -> messages.page(query, after, now));
    }

    public Uni<Void> delete(Caller caller, UUID id) {
        return Panache.withTransaction(() -> messages.findLive(id, CinderTime.now()).flatMap(message -> {
            visible(caller, message, id);
            LOG.infof("message %s (%s %s): deleted by %s/%s", id, message.resourceType, message.resourceUuid,
                    caller.projectId(), caller.userId());
            return messages.delete(message);
        }));
    }

    /** Admins see every project's messages; others only their own, and someone else's does not exist. */
    public static String scope(Caller caller) {
        return caller.admin() ? null : caller.projectId();
    }

    private static UserMessage visible(Caller caller, UserMessage message, UUID id) {
        if (message == null || (!caller.admin() && !caller.projectId().equals(message.projectId))) {
            throw notFound(id.toString());
        }
        return message;
    }

    public static ApiException notFound(String id) {
        return ApiException.notFound("Message " + id + " could not be found.");
    }

    public static ApiException markerNotFound(String marker) {
        return ApiException.notFound("Marker " + marker + " could not be found.");
    }
}
