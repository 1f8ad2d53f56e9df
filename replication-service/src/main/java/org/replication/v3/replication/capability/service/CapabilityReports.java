package org.replication.v3.replication.capability.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.replication.v3.common.capability.BackendCapabilities;
import org.replication.v3.common.replication.ReplicationTarget;
import org.replication.v3.replication.capability.BackendReport;
import org.replication.v3.replication.capability.BackendTargets;

/**
 * The replication-service's copy of each backend's latest report. Failovers are rare and each reads it once, so it
 * lives in the table only: a restarted replication-service has it at once.
 */
@ApplicationScoped
public class CapabilityReports {

    private static final Logger LOG = Logger.getLogger(CapabilityReports.class);
    private static final TypeReference<List<ReplicationTarget>> TARGETS = new TypeReference<>() {
    };

    private final ObjectMapper json;

    public CapabilityReports(ObjectMapper json) {
        this.json = json;
    }

    /** Keeps the report unless a newer one of the same backend is stored already. Call in a transaction. */
    public Uni<Void> apply(BackendCapabilities report) {
        return BackendReport.<BackendReport>findById(report.host()).flatMap(stored -> {
            if (stored != null && stored.reportedAt.isAfter(report.reportedAt())) {
                return Uni.createFrom().voidItem();
            }
            BackendReport row = stored != null ? stored : new BackendReport();
            row.backendHost = report.host();
            row.targets = toJson(report.replicationTargets());
            row.reportedAt = report.reportedAt();
            row.receivedAt = Instant.now();
            row.reportedBy = report.reportedBy();
            row.arrayReachable = report.arrayReachable();
            LOG.debugf("backend %s: %s reported %d replication targets", report.host(), report.reportedBy(),
                    report.replicationTargets().size());
            return stored != null ? Uni.createFrom().voidItem() : row.persist().replaceWithVoid();
        });
    }

    /** The stored reports of these backends; a backend that never reported is absent. */
    public Uni<Map<String, BackendTargets>> of(Collection<String> backendHosts) {
        return BackendReport.<BackendReport>list("backendHost in ?1", List.copyOf(backendHosts)).map(rows -> {
            Map<String, BackendTargets> reports = new LinkedHashMap<>();
            for (BackendReport row : rows) {
                reports.put(row.backendHost, new BackendTargets(row.backendHost, row.reportedAt, fromJson(row),
                        row.reportedBy, row.arrayReachable));
            }
            return reports;
        });
    }

    private String toJson(List<ReplicationTarget> targets) {
        try {
            return json.writeValueAsString(targets);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("replication targets always serialize", e);
        }
    }

    private List<ReplicationTarget> fromJson(BackendReport row) {
        try {
            return json.readValue(row.targets, TARGETS);
        } catch (JsonProcessingException e) {
            LOG.warnf("backend %s: stored report unreadable, taken as no targets: %s", row.backendHost,
                    e.getOriginalMessage());
            return List.of();
        }
    }
}
