package org.replication.v3.api.message.rest;

import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestResponse;
import org.replication.v3.api.auth.Caller;
import org.replication.v3.api.auth.Policy;
import org.replication.v3.api.config.ApiConfig;
import org.replication.v3.api.error.ApiException;
import org.replication.v3.api.http.ApiPaths;
import org.replication.v3.api.http.ApiRequest;
import org.replication.v3.api.http.Link;
import org.replication.v3.api.http.ResourceLinks;
import org.replication.v3.api.message.UserMessage;
import org.replication.v3.api.message.mapping.MessageView;
import org.replication.v3.api.message.service.MessageService;
import org.replication.v3.api.validation.Uuids;
import org.replication.v3.api.version.Microversions;

/** Cinder's user messages API (3.3+): {@code GET messages}, {@code GET} and {@code DELETE messages/{id}}. */
@Path(ApiPaths.PROJECT_SCOPED + MessageView.COLLECTION)
@Produces(MediaType.APPLICATION_JSON)
public class MessageResource {

    @Inject
    MessageService messages;

    @Inject
    ApiRequest request;

    @Inject
    Policy policy;

    @Inject
    ApiConfig config;

    @GET
    public Uni<Map<String, Object>> list(UriInfo uri) {
        requireMessagesVersion();
        Caller caller = request.caller();
        ResourceLinks links = request.links();
        MessageListParams params = MessageListParams.parse(uri.getQueryParameters(), request.version(),
                MessageService.scope(caller), config.maxListLimit());
        Uni<List<UserMessage>> page = params.empty() ? Uni.createFrom().item(List.of())
                : messages.list(params.query());
        return page.map(found -> {
            List<Map<String, Object>> items = new ArrayList<>(found.size());
            for (UserMessage message : found) {
                items.add(MessageView.of(message, links));
            }
            Map<String, Object> body = new LinkedHashMap<>(2);
            body.put("messages", items);
            if (!found.isEmpty() && found.size() == params.query().limit()) {
                UserMessage last = found.get(found.size() - 1);
                body.put("messages_links", List.of(new Link("next", next(links, uri, last.id))));
            }
            return body;
        });
    }

    @GET
    @Path("{id}")
    public Uni<Map<String, Object>> show(@PathParam("id") String id) {
        requireMessagesVersion();
        ResourceLinks links = request.links();
        return messages.show(request.caller(), messageId(id))
                .map(message -> Map.of("message", MessageView.of(message, links)));
    }

    @DELETE
    @Path("{id}")
    public Uni<RestResponse<Void>> delete(@PathParam("id") String id) {
        requireMessagesVersion();
        policy.authorize(request.caller(), Policy.MESSAGE_DELETE);
        return messages.delete(request.caller(), messageId(id)).map(done -> RestResponse.noContent());
    }

    /** Below 3.3 the calls do not exist: Cinder's bare 404. */
    private void requireMessagesVersion() {
        if (!request.version().atLeast(Microversions.MESSAGES)) {
            throw ApiException.notFound("The resource could not be found.");
        }
    }

    /** The same query with the last message of this page as marker, as Cinder builds its next links. */
    private static String next(ResourceLinks links, UriInfo uri, UUID last) {
        StringBuilder query = new StringBuilder();
        String raw = uri.getRequestUri().getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                if (!pair.isEmpty() && !pair.startsWith("marker=")) {
                    query.append(pair).append('&');
                }
            }
        }
        return links.collection(MessageView.COLLECTION) + "?" + query + "marker=" + last;
    }

    private static UUID messageId(String id) {
        UUID parsed = Uuids.parse(id);
        if (parsed == null) {
            throw MessageService.notFound(id);
        }
        return parsed;
    }
}
