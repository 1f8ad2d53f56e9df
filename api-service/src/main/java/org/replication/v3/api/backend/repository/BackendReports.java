package org.replication.v3.api.backend.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.replication.v3.api.backend.BackendReport;
import org.replication.v3.common.capability.PoolCapabilities;
import org.replication.v3.common.replication.ReplicationTarget;

/**
 * Reads the stored capability reports. The JSON columns come out as text and are read with Jackson: Hibernate
 * Reactive cannot read a jsonb array into the entity's list.
 */
@ApplicationScoped
public class BackendReports {

    private static final String COLUMNS = "select host, volume_backend_name, vendor_name, driver_version,"
            + " storage_protocol, availability_zone, pools::text as pools, capabilities::text as capabilities,"
            + " reported_at, replication_enabled, replication_targets::text as replication_targets, array_name from backend";
    private static final TypeReference<List<PoolCapabilities>> POOLS = new TypeReference<>() {
    };
    private static final TypeReference<Map<String, String>> CAPABILITIES = new TypeReference<>() {
    };
    private static final TypeReference<List<ReplicationTarget>> TARGETS = new TypeReference<>() {
    };

    private final Pool pool;
    private final ObjectMapper mapper;

    public BackendReports(Pool pool, ObjectMapper mapper) {
        this.pool = pool;
        this.mapper = mapper;
    }

    /** Every backend, by host. */
    public Uni<List<BackendReport>> all() {
        return pool.query(COLUMNS + " order by host").execute().map(rows -> {
            List<BackendReport> reports = new ArrayList<>();
            rows.forEach(row -> reports.add(report(row)));
            return reports;
        });
    }

    /** The backend at {@code host} (host@backend), or null. */
    public Uni<BackendReport> find(String host) {
        return pool.preparedQuery(COLUMNS + " where host = $1").execute(Tuple.of(host))
                .map(rows -> rows.iterator().hasNext() ? report(rows.iterator().next()) : null);
    }

    private BackendReport report(Row row) {
        try {
            return new BackendReport(row.getString("host"), row.getString("volume_backend_name"),
                    row.getString("vendor_name"), row.getString("driver_version"), row.getString("storage_protocol"),
                    row.getString("availability_zone"), mapper.readValue(row.getString("pools"), POOLS),
                    mapper.readValue(row.getString("capabilities"), CAPABILITIES),
                    row.getOffsetDateTime("reported_at").toInstant(), row.getBoolean("replication_enabled"),
                    mapper.readValue(row.getString("replication_targets"), TARGETS), row.getString("array_name"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored report of " + row.getString("host") + " is unreadable", e);
        }
    }
}
