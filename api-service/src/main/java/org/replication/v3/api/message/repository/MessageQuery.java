package org.replication.v3.api.message.repository;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One page of user messages.
 *
 * @param projectId whose messages; null for every project's (admins)
 * @param filters   API filter name (resource_uuid, event_id, ...) to the exact value wanted
 * @param marker    the id of the last message of the previous page, or null
 */
public record MessageQuery(String projectId, Map<String, String> filters, List<SortKey> sort, UUID marker,
        int limit) {

    public record SortKey(MessageSortColumn column, boolean ascending) {
    }
}
