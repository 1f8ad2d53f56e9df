package org.replication.v3.api.message.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.replication.v3.api.message.UserMessage;
import org.replication.v3.api.paging.MarkerPaging;

/** Reads and writes user messages; reads never show an expired one. */
@ApplicationScoped
public class UserMessageRepository implements PanacheRepositoryBase<UserMessage, UUID> {

    /** API filter names and the entity fields they match. */
    public static final Map<String, String> FILTERS = Map.of("resource_uuid", "resourceUuid",
            "resource_type", "resourceType", "event_id", "eventId", "request_id", "requestId",
            "message_level", "messageLevel");

    public Uni<UserMessage> findLive(UUID id, Instant now) {
        return find("id = ?1 and expiresAt > ?2", id, now).firstResult();
    }

    /** One page; {@code marker} is the loaded marker message of the query, or null for the first page. */
    public Uni<List<UserMessage>> page(MessageQuery query, UserMessage marker, Instant now) {
        if (query.limit() == 0) {
            return Uni.createFrom().item(List.of());
        }
        Parameters parameters = Parameters.with("now", now);
        StringBuilder hql = new StringBuilder("from UserMessage m where m.expiresAt > :now");
        if (query.projectId() != null) {
            hql.append(" and m.projectId = :project");
            parameters.and("project", query.projectId());
        }
        int index = 0;
        for (var filter : query.filters().entrySet()) {
            hql.append(" and m.").append(FILTERS.get(filter.getKey())).append(" = :f").append(index);
            parameters.and("f" + index++, filter.getValue());
        }
        MarkerPaging.afterMarker(hql, parameters, query.sort().stream()
                .map(key -> new MarkerPaging.Key<UserMessage>(key.column(), key.ascending())).toList(),
                MessageSortColumn.ID, marker);
        return find(hql.toString(), parameters).range(0, query.limit() - 1).list();
    }
}
