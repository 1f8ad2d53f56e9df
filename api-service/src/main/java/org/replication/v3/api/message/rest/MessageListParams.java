package org.replication.v3.api.message.rest;

import jakarta.ws.rs.core.MultivaluedMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.replication.v3.api.error.ApiException;
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
        MessageQuery query = new MessageQuery(project, filters, sort(params), marker,
                limit(params.getFirst("limit"), maxLimit));
        return new MessageListParams(query, !unknown.isEmpty());
    }

    private static int limit(String text, int maxLimit) {
        if (text == null) {
            return maxLimit;
        }
        int limit;
        try {
            limit = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("limit param must be an integer");
        }
        if (limit < 0) {
            throw ApiException.badRequest("limit param must be positive");
        }
        return Math.min(limit, maxLimit);
    }

    private static List<MessageQuery.SortKey> sort(MultivaluedMap<String, String> params) {
        String sort = params.getFirst("sort");
        String sortKey = params.getFirst("sort_key");
        String sortDir = params.getFirst("sort_dir");
        if (sort != null && (sortKey != null || sortDir != null)) {
            throw ApiException.badRequest("The 'sort_key' and 'sort_dir' parameters are deprecated and cannot be used"
                    + " with the 'sort' parameter.");
        }
        List<MessageQuery.SortKey> keys = new ArrayList<>();
        if (sort != null) {
            for (String item : sort.split(",")) {
                String[] parts = item.trim().split(":", 2);
                keys.add(key(parts[0].trim(), parts.length == 2 ? parts[1].trim() : null));
            }
        } else if (sortKey != null) {
            String[] names = sortKey.split(",");
            String[] dirs = sortDir == null ? new String[0] : sortDir.split(",");
            for (int i = 0; i < names.length; i++) {
                keys.add(key(names[i].trim(), i < dirs.length ? dirs[i].trim() : null));
            }
        } else if (sortDir != null) {
            keys.add(key("created_at", sortDir.trim()));
        }
        return keys.isEmpty() ? NEWEST_FIRST : keys;
    }

    private static MessageQuery.SortKey key(String name, String direction) {
        MessageSortColumn column = MessageSortColumn.byApiName(name);
        if (column == null) {
            throw ApiException.invalidInput("Invalid sort key");
        }
        if (direction == null || direction.isEmpty() || direction.equalsIgnoreCase("desc")) {
            return new MessageQuery.SortKey(column, false);
        }
        if (direction.equalsIgnoreCase("asc")) {
            return new MessageQuery.SortKey(column, true);
        }
        throw ApiException.invalidInput("Unknown sort direction, must be 'desc' or 'asc'");
    }
}
