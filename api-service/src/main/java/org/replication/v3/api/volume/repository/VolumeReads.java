package org.replication.v3.api.volume.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.replication.v3.api.type.VolumeType;
import org.replication.v3.api.volume.AttachedTo;
import org.replication.v3.api.volume.ReplicationLagLevelConverter;
import org.replication.v3.api.volume.Volume;
import org.replication.v3.api.volume.VolumeStatusConverter;
import org.replication.v3.common.replication.VolumeReplication;

/**
 * The volume lists, in SQL on the reactive pool rather than through Hibernate: a list shows every volume it reads
 * and changes none, and loading entities cost most of a detail page (each JSON column parsed by the driver, written
 * out and parsed again, then copied for dirty checking). The volumes it answers are detached copies for the views,
 * never persisted.
 *
 * <p>A page is one indexed statement whatever its depth: the marker's sort values bound the page as a row
 * comparison (or, with mixed directions, its first key bounds the index range), so a deep page starts where the
 * marker is instead of walking past every volume before it.
 */
@ApplicationScoped
public class VolumeReads {

    /** What a list or show reads of each volume. */
    public enum Fields {
        /** What a plain list shows: id and name. */
        SUMMARY,
        /** What a detail view shows before the replication fields (3.71): every field but {@code replication}. */
        DETAIL,
        /** Every field a detail view can show. */
        REPLICATION
    }

    private static final String SUMMARY = "select v.id, v.name from volume v";
    private static final String FROM = " from volume v left join volume_type t on t.id = v.volume_type_id";
    private static final String DETAIL = "select v.id, v.project_id, v.user_id, v.name, v.description, v.size,"
            + " v.status, v.availability_zone, v.volume_type_id, t.name as type_name, v.host, v.provider_id,"
            + " v.service_uuid, v.encryption_key_id, v.replication_status, v.bootable, v.multiattach,"
            + " v.shared_targets, v.metadata::text as metadata, v.created_at, v.updated_at, v.migration_status,"
            + " v.attachments::text as attachments, v.group_id, v.replication_last_sync_at, v.replication_pending,"
            + " v.replication_lag_level";
    /** The replication column is the largest JSON of a volume; its parse was a sixth of a detail page. */
    private static final String REPLICATION = DETAIL + ", v.replication::text as replication";
    private static final String EMPTY_OBJECT = "{}";
    private static final TypeReference<Map<String, String>> METADATA = new TypeReference<>() {
    };
    private static final TypeReference<Map<String, AttachedTo>> ATTACHMENTS = new TypeReference<>() {
    };
    private static final VolumeStatusConverter STATUS = new VolumeStatusConverter();
    private static final ReplicationLagLevelConverter LAG_LEVEL = new ReplicationLagLevelConverter();

    private final Pool pool;
    private final ObjectMapper mapper;

    public VolumeReads(Pool pool, ObjectMapper mapper) {
        this.pool = pool;
        this.mapper = mapper;
    }

    /**
     * The live volume {@code id} with {@code fields} (at least {@link Fields#DETAIL}, which a list's marker needs),
     * or null.
     */
    public Uni<Volume> find(UUID id, Fields fields) {
        return pool.preparedQuery(select(fields) + " where v.id = $1 and v.deleted_at is null").execute(Tuple.of(id))
                .map(rows -> rows.iterator().hasNext() ? volume(rows.iterator().next(), fields) : null);
    }

    /** One page; {@code marker} is the query's marker volume, or null for the first page. */
    public Uni<List<Volume>> page(VolumeQuery query, Volume marker, Fields fields) {
        if (query.limit() == 0) {
            return Uni.createFrom().item(List.of());
        }
        StringBuilder sql = new StringBuilder(select(fields));
        List<Object> parameters = new ArrayList<>();
        where(sql, parameters, query);
        afterMarker(sql, parameters, query.sort(), marker);
        parameters.add(query.limit());
        sql.append(" limit $").append(parameters.size());
        return pool.preparedQuery(sql.toString()).execute(Tuple.from(parameters)).map(rows -> {
            List<Volume> volumes = new ArrayList<>(rows.size());
            for (Row row : rows) {
                volumes.add(volume(row, fields));
            }
            return volumes;
        });
    }

    /** How many volumes the query's filters match, ignoring paging. */
    public Uni<Long> count(VolumeQuery query) {
        StringBuilder sql = new StringBuilder("select count(*) from volume v");
        List<Object> parameters = new ArrayList<>();
        where(sql, parameters, query);
        return pool.preparedQuery(sql.toString()).execute(Tuple.from(parameters))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    private static void where(StringBuilder sql, List<Object> parameters, VolumeQuery query) {
        sql.append(" where v.deleted_at is null");
        if (query.projectId() != null) {
            and(sql, parameters, "v.project_id = ", query.projectId());
        }
        VolumeFilters filters = query.filters();
        if (filters.name() != null) {
            and(sql, parameters, "v.name = ", filters.name());
        }
        if (filters.nameLike() != null) {
            and(sql, parameters, "v.name like ", "%" + likeEscaped(filters.nameLike()) + "%");
            sql.append(" escape '\\'");
        }
        if (filters.status() != null) {
            and(sql, parameters, "v.status = ", filters.status().value());
        }
        if (filters.bootable() != null) {
            and(sql, parameters, "v.bootable = ", filters.bootable());
        }
        if (filters.availabilityZone() != null) {
            and(sql, parameters, "v.availability_zone = ", filters.availabilityZone());
        }
        if (filters.size() != null) {
            and(sql, parameters, "v.size = ", filters.size());
        }
        for (var entry : filters.metadata().entrySet()) {
            parameters.add(entry.getKey());
            and(sql, parameters, "v.metadata ->> $" + parameters.size() + " = ", entry.getValue());
        }
    }

    /** Appends {@code and <condition>$n}, binding {@code value} as the next parameter. */
    private static void and(StringBuilder sql, List<Object> parameters, String condition, Object value) {
        parameters.add(value);
        sql.append(" and ").append(condition).append('$').append(parameters.size());
    }

    /**
     * The condition "after {@code marker}" (none when it is null) and the order: the sort keys with the id last, in
     * the last key's direction unless the keys have it already, so that the order is total.
     */
    private static void afterMarker(StringBuilder sql, List<Object> parameters, List<VolumeQuery.SortKey> sort,
            Volume marker) {
        List<VolumeQuery.SortKey> keys = withIdLast(sort);
        if (marker != null) {
            int first = parameters.size() + 1;
            keys.forEach(key -> parameters.add(bindable(key.column().valueOf(marker))));
            boolean ascending = keys.get(0).ascending();
            if (keys.stream().allMatch(key -> key.ascending() == ascending)) {
                // (k1, k2, ...) > (m1, m2, ...): one range of an index on the keys
                sql.append(" and (");
                appendKeys(sql, keys);
                sql.append(ascending ? ") > (" : ") < (");
                for (int i = 0; i < keys.size(); i++) {
                    sql.append(i == 0 ? "$" : ", $").append(first + i);
                }
                sql.append(')');
            } else {
                // (k1 > m1) or (k1 = m1 and k2 > m2) or ..., with k1 >= m1 alone to bound the scan
                VolumeQuery.SortKey lead = keys.get(0);
                sql.append(" and ").append(lead.column().expression()).append(lead.ascending() ? " >= $" : " <= $")
                        .append(first).append(" and (");
                for (int i = 0; i < keys.size(); i++) {
                    sql.append(i == 0 ? "(" : " or (");
                    for (int j = 0; j < i; j++) {
                        sql.append(keys.get(j).column().expression()).append(" = $").append(first + j)
                                .append(" and ");
                    }
                    VolumeQuery.SortKey key = keys.get(i);
                    sql.append(key.column().expression()).append(key.ascending() ? " > $" : " < $").append(first + i)
                            .append(')');
                }
                sql.append(')');
            }
        }
        sql.append(" order by ");
        for (int i = 0; i < keys.size(); i++) {
            VolumeQuery.SortKey key = keys.get(i);
            sql.append(i == 0 ? "" : ", ").append(key.column().expression()).append(key.ascending() ? " asc" : " desc");
        }
    }

    private static void appendKeys(StringBuilder sql, List<VolumeQuery.SortKey> keys) {
        for (int i = 0; i < keys.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(keys.get(i).column().expression());
        }
    }

    private static List<VolumeQuery.SortKey> withIdLast(List<VolumeQuery.SortKey> sort) {
        if (sort.stream().anyMatch(key -> key.column() == VolumeSortColumn.ID)) {
            return sort;
        }
        boolean ascending = !sort.isEmpty() && sort.get(sort.size() - 1).ascending();
        List<VolumeQuery.SortKey> keys = new ArrayList<>(sort);
        keys.add(new VolumeQuery.SortKey(VolumeSortColumn.ID, ascending));
        return keys;
    }

    /** The client binds timestamps as offset date-times. */
    private static Object bindable(Object value) {
        return value instanceof Instant instant ? OffsetDateTime.ofInstant(instant, ZoneOffset.UTC) : value;
    }

    /** A LIKE pattern that matches the text literally, wildcards included. */
    private static String likeEscaped(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static String select(Fields fields) {
        return switch (fields) {
            case SUMMARY -> SUMMARY;
            case DETAIL -> DETAIL + FROM;
            case REPLICATION -> REPLICATION + FROM;
        };
    }

    /** A summary holds id and name only; a detail without replication leaves {@link Volume#replication} null. */
    private Volume volume(Row row, Fields fields) {
        return fields == Fields.SUMMARY ? summary(row) : detail(row, fields == Fields.REPLICATION);
    }

    private static Volume summary(Row row) {
        Volume volume = new Volume();
        volume.id = row.getUUID("id");
        volume.name = row.getString("name");
        return volume;
    }

    private Volume detail(Row row, boolean replicated) {
        Volume volume = new Volume();
        volume.id = row.getUUID("id");
        volume.projectId = row.getString("project_id");
        volume.userId = row.getString("user_id");
        volume.name = row.getString("name");
        volume.description = row.getString("description");
        volume.size = row.getInteger("size");
        volume.status = STATUS.convertToEntityAttribute(row.getString("status"));
        volume.availabilityZone = row.getString("availability_zone");
        UUID typeId = row.getUUID("volume_type_id");
        if (typeId != null) {
            VolumeType type = new VolumeType();
            type.id = typeId;
            type.name = row.getString("type_name");
            volume.volumeType = type;
        }
        volume.host = row.getString("host");
        volume.providerId = row.getString("provider_id");
        volume.serviceUuid = row.getString("service_uuid");
        volume.encryptionKeyId = row.getString("encryption_key_id");
        volume.replicationStatus = row.getString("replication_status");
        volume.bootable = row.getBoolean("bootable");
        volume.multiattach = row.getBoolean("multiattach");
        volume.sharedTargets = row.getBoolean("shared_targets");
        volume.createdAt = instant(row.getOffsetDateTime("created_at"));
        volume.updatedAt = instant(row.getOffsetDateTime("updated_at"));
        volume.migrationStatus = row.getString("migration_status");
        volume.groupId = row.getUUID("group_id");
        volume.replicationLastSyncAt = instant(row.getOffsetDateTime("replication_last_sync_at"));
        volume.replicationPending = row.getBoolean("replication_pending");
        volume.replicationLagLevel = LAG_LEVEL.convertToEntityAttribute(row.getString("replication_lag_level"));
        try {
            String metadata = row.getString("metadata");
            volume.metadata = EMPTY_OBJECT.equals(metadata) ? new LinkedHashMap<>()
                    : mapper.readValue(metadata, METADATA);
            String attachments = row.getString("attachments");
            volume.attachments = EMPTY_OBJECT.equals(attachments) ? new LinkedHashMap<>()
                    : mapper.readValue(attachments, ATTACHMENTS);
            String replication = replicated ? row.getString("replication") : null;
            volume.replication = replication == null ? null : mapper.readValue(replication, VolumeReplication.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored volume " + volume.id + " is unreadable", e);
        }
        return volume;
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
