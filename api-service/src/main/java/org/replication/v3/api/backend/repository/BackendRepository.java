package org.replication.v3.api.backend.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.replication.v3.api.backend.Backend;
import org.replication.v3.common.capability.BackendCapabilities;

@ApplicationScoped
public class BackendRepository implements PanacheRepositoryBase<Backend, String> {

    /**
     * The JSON goes in as text: the reactive driver would encode a string bound straight to jsonb as a JSON string.
     * Reports are snapshots that may arrive out of order (redelivery, two replicas of a volume-service): the newest
     * report wins, in one statement, without reading first.
     */
    private static final String UPSERT = """
            insert into backend (host, volume_backend_name, vendor_name, driver_version, storage_protocol,
                                 availability_zone, pools, capabilities, reported_at, replication_enabled,
                                 replication_targets, array_name)
            values (?1, ?2, ?3, ?4, ?5, ?6, cast(cast(?7 as text) as jsonb), cast(cast(?8 as text) as jsonb), ?9,
                    ?10, cast(cast(?11 as text) as jsonb), cast(?12 as text))
            on conflict (host) do update set
                volume_backend_name = excluded.volume_backend_name,
                vendor_name = excluded.vendor_name,
                driver_version = excluded.driver_version,
                storage_protocol = excluded.storage_protocol,
                availability_zone = excluded.availability_zone,
                pools = excluded.pools,
                capabilities = excluded.capabilities,
                reported_at = excluded.reported_at,
                replication_enabled = excluded.replication_enabled,
                replication_targets = excluded.replication_targets,
                array_name = excluded.array_name
            where backend.reported_at < excluded.reported_at
            """;

    private final ObjectMapper mapper;

    public BackendRepository(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** Stores the report unless a newer one of the same backend is already there; emits whether it was stored. */
    public Uni<Boolean> saveIfNewer(BackendCapabilities report) {
        return Panache.withTransaction(() -> Panache.getSession().flatMap(session -> session.createNativeQuery(UPSERT)
                .setParameter(1, report.host())
                .setParameter(2, report.volumeBackendName())
                .setParameter(3, report.vendorName())
                .setParameter(4, report.driverVersion())
                .setParameter(5, report.storageProtocol())
                .setParameter(6, report.availabilityZone())
                .setParameter(7, json(report.pools() == null ? List.of() : report.pools()))
                .setParameter(8, json(report.capabilities() == null ? Map.of() : report.capabilities()))
                .setParameter(9, report.reportedAt().atOffset(ZoneOffset.UTC))
                .setParameter(10, report.replicationEnabled())
                .setParameter(11, json(report.replicationTargets()))
                .setParameter(12, report.array())
                .executeUpdate()))
                .map(updated -> updated > 0);
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("capability report cannot be serialized", e);
        }
    }
}
