package org.replication.v3.api.volume.repository;

import java.util.Map;
import java.util.function.Function;
import org.replication.v3.api.paging.SortColumn;
import org.replication.v3.api.volume.Volume;

/** The columns a volume list can be sorted by (see {@link SortColumn}). */
public enum VolumeSortColumn implements SortColumn<Volume> {
    ID("v.id", volume -> volume.id),
    NAME("coalesce(v.name, '')", volume -> volume.name == null ? "" : volume.name),
    STATUS("v.status", volume -> volume.status),
    SIZE("v.size", volume -> volume.size),
    AVAILABILITY_ZONE("v.availabilityZone", volume -> volume.availabilityZone),
    CREATED_AT("v.createdAt", volume -> volume.createdAt),
    UPDATED_AT("coalesce(v.updatedAt, v.createdAt)",
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

    @Override
    public String expression() {
        return expression;
    }

    @Override
    public Object valueOf(Volume volume) {
        return valueOf.apply(volume);
    }
}
