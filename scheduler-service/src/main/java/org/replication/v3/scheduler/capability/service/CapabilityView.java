package org.replication.v3.scheduler.capability.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;
import org.replication.v3.common.capability.BackendCapabilities;
import org.replication.v3.scheduler.capability.BackendReport;
import org.replication.v3.scheduler.capability.BackendState;

/**
 * The scheduler's view of every backend, in memory for placement speed and stored so that a restarted
 * scheduler does not wait for the next round of reports.
 */
@ApplicationScoped
public class CapabilityView {

    private static final Logger LOG = Logger.getLogger(CapabilityView.class);

    private final Map<String, BackendState> backends = new ConcurrentHashMap<>();
    private final AtomicBoolean loaded = new AtomicBoolean();
    private final ObjectMapper mapper;
    private final Clock clock;

    public CapabilityView(ObjectMapper mapper) {
        this.mapper = mapper;
        this.clock = Clock.systemUTC();
    }

    /** Applies a report unless a newer one for the same backend is already known. Call in a transaction. */
    public Uni<Void> apply(BackendCapabilities report) {
        Instant now = clock.instant();
        BackendState current = backends.get(report.host());
        if (current != null && current.report().reportedAt().isAfter(report.reportedAt())) {
            return Uni.createFrom().voidItem();
        }
        backends.put(report.host(), new BackendState(report, now));
        return BackendReport.<BackendReport>findById(report.host()).flatMap(stored -> {
            BackendReport row = stored != null ? stored : new BackendReport();
            row.host = report.host();
            row.report = toJson(report);
            row.reportedAt = report.reportedAt();
            row.receivedAt = now;
            return stored != null ? Uni.createFrom().voidItem() : row.persist().replaceWithVoid();
        });
    }

    /** How many backends this replica has seen report; stored reports count once the first placement loaded them. */
    public int knownBackends() {
        return backends.size();
    }

    /** Every known backend; the first call after start loads the stored reports. */
    public Uni<Collection<BackendState>> backends() {
        if (loaded.get()) {
            return Uni.createFrom().item(backends.values());
        }
        return BackendReport.<BackendReport>listAll().map(rows -> {
            load(rows);
            return backends.values();
        });
    }

    private void load(List<BackendReport> rows) {
        for (BackendReport row : rows) {
            try {
                BackendCapabilities report = mapper.readValue(row.report, BackendCapabilities.class);
                backends.putIfAbsent(row.host, new BackendState(report, row.receivedAt));
            } catch (JsonProcessingException e) {
                LOG.warnf("stored report of %s is unreadable and ignored: %s", row.host, e.getOriginalMessage());
            }
        }
        loaded.set(true);
    }

    private String toJson(BackendCapabilities report) {
        try {
            return mapper.writeValueAsString(report);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("report of " + report.host() + " cannot be serialized", e);
        }
    }
}
