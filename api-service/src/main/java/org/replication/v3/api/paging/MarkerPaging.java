package org.replication.v3.api.paging;

import io.quarkus.panache.common.Parameters;
import java.util.List;
import java.util.stream.Stream;

/**
 * Cinder's marker paging in HQL, for every list sorted by API-chosen keys: the keys with id last, so that the order
 * is total, and a page made of the rows strictly after the marker in that order.
 */
public final class MarkerPaging {

    private MarkerPaging() {
    }

    /** One sort key of a list. */
    public record Key<E>(SortColumn<E> column, boolean ascending) {
    }

    /**
     * Appends the condition "after {@code marker}" (none when it is null) and the order by clause, binding the
     * marker's values as {@code m0}, {@code m1}, ... The id key is added last, in the last key's direction, unless
     * the keys have it already.
     */
    public static <E> void afterMarker(StringBuilder hql, Parameters parameters, List<Key<E>> sort, SortColumn<E> id,
            E marker) {
        List<Key<E>> keys = withIdLast(sort, id);
        if (marker != null) {
            // (k1 > m1) or (k1 = m1 and k2 > m2) or ...
            hql.append(" and (");
            for (int i = 0; i < keys.size(); i++) {
                hql.append(i == 0 ? "(" : " or (");
                for (int j = 0; j < i; j++) {
                    hql.append(keys.get(j).column().expression()).append(" = :m").append(j).append(" and ");
                }
                Key<E> key = keys.get(i);
                hql.append(key.column().expression()).append(key.ascending() ? " > :m" : " < :m").append(i)
                        .append(')');
                parameters.and("m" + i, key.column().valueOf(marker));
            }
            hql.append(')');
        }
        hql.append(" order by ");
        for (int i = 0; i < keys.size(); i++) {
            Key<E> key = keys.get(i);
            hql.append(i == 0 ? "" : ", ").append(key.column().expression()).append(key.ascending() ? " asc" : " desc");
        }
    }

    /** Appends {@code " and <expression> = :<name>"} when {@code value} is not null: an optional filter. */
    public static void andEqual(StringBuilder hql, Parameters parameters, String expression, String name,
            Object value) {
        if (value != null) {
            hql.append(" and ").append(expression).append(" = :").append(name);
            parameters.and(name, value);
        }
    }

    private static <E> List<Key<E>> withIdLast(List<Key<E>> sort, SortColumn<E> id) {
        if (sort.stream().anyMatch(key -> key.column() == id)) {
            return sort;
        }
        boolean ascending = !sort.isEmpty() && sort.get(sort.size() - 1).ascending();
        return Stream.concat(sort.stream(), Stream.of(new Key<>(id, ascending))).toList();
    }
}
