package org.replication.v3.api.cinderservice.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.replication.v3.api.cinderservice.CinderService;
import org.replication.v3.common.cinderservice.ServiceBinary;
import org.replication.v3.common.cinderservice.ServiceHeartbeat;
import org.replication.v3.common.replication.ReplicationStatus;

/** Cinder's services as os-services shows them: registered and kept alive by heartbeats, changed by operators. */
@ApplicationScoped
public class CinderServiceRepository implements PanacheRepositoryBase<CinderService, UUID> {

    /**
     * A heartbeat registers the service the first time and refreshes it after, in one statement. Heartbeats may
     * arrive out of order; an older one changes nothing. The driver's replication ability sets replication_status
     * only while no failover owns it (it is one of the steady values).
     */
    private static final String HEARTBEAT = """
            insert into cinder_service (id, service_binary, host, availability_zone, replication_status, created_at,
                                        updated_at)
            values (?1, ?2, ?3, ?4, coalesce(cast(?5 as varchar), 'not-capable'), ?6, ?6)
            on conflict (service_binary, host) do update set
                availability_zone = excluded.availability_zone,
                updated_at = excluded.updated_at,
                replication_status = case
                    when cast(?5 as varchar) is not null
                         and cinder_service.replication_status in ('not-capable', 'enabled', 'disabled')
                    then cast(?5 as varchar)
                    else cinder_service.replication_status end
            where cinder_service.updated_at < excluded.updated_at
            """;

    /** Emits whether the heartbeat changed anything. */
    public Uni<Boolean> heartbeat(ServiceHeartbeat heartbeat) {
        String replicationStatus = heartbeat.replicationEnabled() == null ? null
                : (heartbeat.replicationEnabled() ? ReplicationStatus.ENABLED : ReplicationStatus.DISABLED).value();
        return Panache.withTransaction(() -> Panache.getSession().flatMap(session -> session.createNativeQuery(HEARTBEAT)
                        .setParameter(1, UUID.randomUUID())
                        .setParameter(2, heartbeat.binary())
                        .setParameter(3, heartbeat.host())
                        .setParameter(4, heartbeat.availabilityZone())
                        .setParameter(5, replicationStatus)
                        .setParameter(6, heartbeat.reportedAt().atOffset(ZoneOffset.UTC))
                        .executeUpdate()))
                .map(updated -> updated > 0);
    }

    /** Services in the order they first appeared; null filters match everything. */
    public Uni<List<CinderService>> list(String binary, String host) {
        StringBuilder query = new StringBuilder("1 = 1");
        Parameters parameters = new Parameters();
        if (binary != null) {
            query.append(" and binary = :binary");
            parameters.and("binary", binary);
        }
        if (host != null) {
            query.append(" and host = :host");
            parameters.and("host", host);
        }
        return find(query.toString(), Sort.by("createdAt").and("binary").and("host"), parameters).list();
    }

    /** Hosts (host@backend) of the volume services operators took out of scheduling: disabled or frozen. */
    public Uni<Set<String>> excludedVolumeHosts() {
        return find("binary = ?1 and (disabled = true or frozen = true)", ServiceBinary.VOLUME).list()
                .map(found -> found.stream().map(service -> service.host).collect(Collectors.toSet()));
    }

    public Uni<CinderService> findVolumeService(String host) {
        return find("binary = ?1 and host = ?2", ServiceBinary.VOLUME, host).firstResult();
    }

    public Uni<CinderService> findForUpdate(String binary, String host) {
        return find("binary = ?1 and host = ?2", binary, host).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }

    /**
     * The volume services a replication call names, locked: {@code host@backend} names one backend's service and a
     * bare {@code host} every backend of that host, as Cinder matches at backend level (a {@code #pool} is ignored).
     */
    public Uni<List<CinderService>> volumeServicesForUpdate(String host) {
        String backend = host.contains("#") ? host.substring(0, host.indexOf('#')) : host;
        if (backend.contains("@")) {
            return find("binary = ?1 and host = ?2 order by host", ServiceBinary.VOLUME, backend)
                    .withLock(LockModeType.PESSIMISTIC_WRITE).list();
        }
        String backendsOfHost = backend.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "@%";
        return find("binary = ?1 and (host = ?2 or host like ?3 escape '\\') order by host", ServiceBinary.VOLUME,
                backend, backendsOfHost).withLock(LockModeType.PESSIMISTIC_WRITE).list();
    }
}
