package org.replication.v3.api.volume.repository;

import java.util.Map;
import java.util.function.Function;
import org.replication.v3.api.volume.Volume;

/**
 * The columns a volume list can be sorted by: the SQL expression and the value a marker volume has in it. Nullable
 * columns sort through a non-null stand-in, so that marker pagination never skips or repeats a row.
 */
public enum VolumeSortColumn {
    ID("v.id", volume -> volume.id),
    NAME("coalesce(v.name, '')", volume -> volume.name == null ? "" : volume.name),
    STATUS("v.status", volume -> volume.status.value()),
    SIZE("v.size", volume -> volume.size),
    AVAILABILITY_ZONE("v.availability_zone", volume -> volume.availabilityZone),
    CREATED_AT("v.created_at", volume -> volume.createdAt),
    UPDATED_AT("coalesce(v.updated_at, v.created_at)",
            volume -> volume.updatedAt == null ? volume.createdAt : volume.updatedAt);

    private static final Map<String, VolumeSortColumn> BY_API_NAME = Map.of(
            "id", ID, "name", NAME, "display_name", NAME, "status", STATUS, "size", SIZE,
            "availability_zone", AVAILABILITY_ZONE, "created_at", CREATED_AT, "updated_at", UPDATED_AT);

    private final String expression;
    private final Function<Volume, Object> valueOf;

    VolumeSortColumn(String expression, Function<Volume, Object> valueOf) {
        this.expression = expression;
        this.valueOf = valueOf;
    }

    /** The column the API calls {@code name}, or null when it cannot be sorted by. */
    public static VolumeSortColumn byApiName(String name) {
        return BY_API_NAME.get(name);
    }

    /** In SQL, on the volume table aliased {@code v}. */
    String expression() {
        return expression;
    }

    Object valueOf(Volume volume) {
        return valueOf.apply(volume);
    }
}
