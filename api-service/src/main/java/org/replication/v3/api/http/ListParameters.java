package org.replication.v3.api.http;

import jakarta.ws.rs.core.MultivaluedMap;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.replication.v3.api.error.ApiException;

/** The paging and sorting query parameters every Cinder list shares, with Cinder's checks and messages. */
public final class ListParameters {

    private ListParameters() {
    }

    /** {@code limit}: absent means as many as allowed; never more than {@code maxLimit}. */
    public static int limit(String text, int maxLimit) {
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

    /**
     * {@code sort=key[:dir],...}, or the deprecated {@code sort_key} / {@code sort_dir} (never both forms); a bare
     * {@code sort_dir} sorts by created_at. Directions default to descending.
     *
     * @param column   the sort column an API name stands for, null when unknown ("Invalid sort key")
     * @param key      a sort key from its column and whether it ascends
     * @param unsorted the order when none is asked for
     */
    public static <C, K> List<K> sort(MultivaluedMap<String, String> params, Function<String, C> column,
            BiFunction<C, Boolean, K> key, List<K> unsorted) {
        String sort = params.getFirst("sort");
        String sortKey = params.getFirst("sort_key");
        String sortDir = params.getFirst("sort_dir");
        if (sort != null && (sortKey != null || sortDir != null)) {
            throw ApiException.badRequest("The 'sort_key' and 'sort_dir' parameters are deprecated and cannot be used"
                    + " with the 'sort' parameter.");
        }
        BiFunction<String, String, K> parse = (name, direction) -> {
            C found = column.apply(name);
            if (found == null) {
                throw ApiException.invalidInput("Invalid sort key");
            }
            if (direction == null || direction.isEmpty() || direction.equalsIgnoreCase("desc")) {
                return key.apply(found, false);
            }
            if (direction.equalsIgnoreCase("asc")) {
                return key.apply(found, true);
            }
            throw ApiException.invalidInput("Unknown sort direction, must be 'desc' or 'asc'");
        };
        List<K> keys = new ArrayList<>();
        if (sort != null) {
            for (String item : sort.split(",")) {
                String[] parts = item.trim().split(":", 2);
                keys.add(parse.apply(parts[0].trim(), parts.length == 2 ? parts[1].trim() : null));
            }
        } else if (sortKey != null) {
            String[] names = sortKey.split(",");
            String[] dirs = sortDir == null ? new String[0] : sortDir.split(",");
            for (int i = 0; i < names.length; i++) {
                keys.add(parse.apply(names[i].trim(), i < dirs.length ? dirs[i].trim() : null));
            }
        } else if (sortDir != null) {
            keys.add(parse.apply("created_at", sortDir.trim()));
        }
        return keys.isEmpty() ? unsorted : keys;
    }
}
