package org.replication.v3.api.message.rest;

import jakarta.ws.rs.core.MultivaluedMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.replication.v3.api.error.ApiException;
import org.replication.v3.api.http.ListParameters;
import org.replication.v3.api.message.repository.MessageQuery;
import org.replication.v3.api.message.repository.MessageSortColumn;
import org.replication.v3.api.message.repository.UserMessageRepository;
import org.replication.v3.api.message.service.MessageService;
import org.replication.v3.api.validation.Uuids;
import org.replication.v3.api.version.ApiVersion;
import org.replication.v3.api.version.Microversions;

/**
 * Reads the query of a message list as Cinder does: before 3.5 there is none; from 3.5 {@code limit},
 * {@code marker}, {@code sort} or {@code sort_key}/{@code sort_dir}, and exact filters on resource_uuid,
 * resource_type, event_id, request_id and message_level. An unknown filter matches nothing before 3.33 (Cinder
 * filters by a column that does not exist) and is refused from 3.33.
 *
 * @param empty whether the filters cannot match anything, so nothing needs reading
 */
record MessageListParams(MessageQuery query, boolean empty) {

    private static final Set<String> PAGING = Set.of("limit", "marker", "offset", "sort", "sort_key", "sort_dir");
    private static final List<MessageQuery.SortKey> NEWEST_FIRST =
            List.of(new MessageQuery.SortKey(MessageSortColumn.CREATED_AT, false));

    static MessageListParams parse(MultivaluedMap<String, String> params, ApiVersion version, String project,
            int maxLimit) {
        if (!version.atLeast(Microversions.MESSAGES_PAGINATION)) {
            return new MessageListParams(new MessageQuery(project, Map.of(), NEWEST_FIRST, null, maxLimit), false);
        }
        Map<String, String> filters = new LinkedHashMap<>();
        Set<String> unknown = new TreeSet<>();
        for (String name : params.keySet()) {
            if (UserMessageRepository.FILTERS.containsKey(name)) {
                filters.put(name, params.getFirst(name));
            } else if (!PAGING.contains(name)) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty() && version.atLeast(Microversions.RESOURCE_FILTER)) {
            throw ApiException.badRequest("Invalid filters " + String.join(",", unknown)
                    + " are found in query options.");
        }
        String markerText = params.getFirst("marker");
        UUID marker = null;
        if (markerText != null) {
            marker = Uuids.parse(markerText);
            if (marker == null) {
                throw MessageService.markerNotFound(markerText);
            }
        }
        List<MessageQuery.SortKey> sort = ListParameters.sort(params, MessageSortColumn::byApiName,
                MessageQuery.SortKey::new, NEWEST_FIRST);
        MessageQuery query = new MessageQuery(project, filters, sort, marker,
                ListParameters.limit(params.getFirst("limit"), maxLimit));
        return new MessageListParams(query, !unknown.isEmpty());
    }
}
