package org.replication.v3.api.message.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.replication.v3.api.message.UserMessage;

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
        List<MessageQuery.SortKey> keys = withIdLast(query.sort());
        if (marker != null) {
            after(hql, parameters, keys, marker);
        }
        hql.append(" order by ");
        for (int i = 0; i < keys.size(); i++) {
            MessageQuery.SortKey key = keys.get(i);
            hql.append(i == 0 ? "" : ", ").append(key.column().expression()).append(key.ascending() ? " asc" : " desc");
        }
        return find(hql.toString(), parameters).range(0, query.limit() - 1).list();
    }

    /** Rows strictly after the marker in sort order: (k1 > m1) or (k1 = m1 and k2 > m2) or ... */
    private static void after(StringBuilder hql, Parameters parameters, List<MessageQuery.SortKey> keys,
            UserMessage marker) {
        hql.append(" and (");
        for (int i = 0; i < keys.size(); i++) {
            hql.append(i == 0 ? "(" : " or (");
            for (int j = 0; j < i; j++) {
                hql.append(keys.get(j).column().expression()).append(" = :m").append(j).append(" and ");
            }
            MessageQuery.SortKey key = keys.get(i);
            hql.append(key.column().expression()).append(key.ascending() ? " > :m" : " < :m").append(i).append(')');
            parameters.and("m" + i, key.column().valueOf(marker));
        }
        hql.append(')');
    }

    private static List<MessageQuery.SortKey> withIdLast(List<MessageQuery.SortKey> sort) {
        if (sort.stream().anyMatch(key -> key.column() == MessageSortColumn.ID)) {
            return sort;
        }
        boolean ascending = !sort.isEmpty() && sort.get(sort.size() - 1).ascending();
        return Stream.concat(sort.stream(),
                Stream.of(new MessageQuery.SortKey(MessageSortColumn.ID, ascending))).toList();
    }
}
