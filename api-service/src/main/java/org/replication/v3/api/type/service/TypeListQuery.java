package org.replication.v3.api.type.service;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.replication.v3.api.error.ApiException;
import org.replication.v3.api.type.VolumeType;

/**
 * Paging of a type list: the {@code extra_specs} filter, {@code sort} (or {@code sort_key}/{@code sort_dir}),
 * {@code marker} and {@code limit}, as Cinder pages types. A cloud has tens of types, so one page is cut from the
 * visible list in memory.
 *
 * @param extraSpecs pairs a listed type's extra specs must all hold
 * @param order  the sort order, the id last so that pages never overlap
 * @param marker id of the last type of the previous page, or null
 * @param limit  the most types the page holds
 */
public record TypeListQuery(Map<String, String> extraSpecs, Comparator<VolumeType> order, UUID marker, int limit) {

    /** The API's sort key names and what they compare; nullable columns sort nulls first. */
    private static final Map<String, Function<VolumeType, Comparable<?>>> COLUMNS = Map.of(
            "id", type -> type.id.toString(),
            "name", type -> type.name,
            "description", type -> type.description,
            "is_public", type -> type.isPublic,
            "created_at", type -> type.createdAt,
            "updated_at", type -> type.updatedAt);

    /** The comparator for one sort key; refused as Cinder refuses an unknown key. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static Comparator<VolumeType> by(String key, boolean ascending) {
        Function<VolumeType, Comparable<?>> column = COLUMNS.get(key);
        if (column == null) {
            throw ApiException.invalidInput("Invalid sort key");
        }
        Comparator<VolumeType> order = Comparator.comparing(type -> (Comparable) column.apply(type),
                Comparator.nullsFirst(Comparator.naturalOrder()));
        return ascending ? order : order.reversed();
    }

    /** The page after the marker. */
    public List<VolumeType> page(List<VolumeType> visible) {
        List<VolumeType> sorted = visible.stream()
                .filter(type -> type.extraSpecs.entrySet().containsAll(extraSpecs.entrySet()))
                .sorted(order).toList();
        int start = 0;
        if (marker != null) {
            start = -1;
            for (int i = 0; i < sorted.size() && start < 0; i++) {
                if (sorted.get(i).id.equals(marker)) {
                    start = i + 1;
                }
            }
            if (start < 0) {
                throw ApiException.notFound("Marker " + marker + " could not be found.");
            }
        }
        return sorted.subList(start, Math.min(sorted.size(), start + limit));
    }
}
