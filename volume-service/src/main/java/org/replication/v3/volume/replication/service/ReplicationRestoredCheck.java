package org.replication.v3.volume.replication.service;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready until this host's replicated volumes have their pairs back after a start: before that, their data and
 * their switches have nothing to act on (see {@link ReplicationMonitor#restoreOnce}).
 */
@Readiness
@ApplicationScoped
public class ReplicationRestoredCheck implements HealthCheck {

    static final String NAME = "replication-restored";

    private final ReplicationMonitor monitor;

    public ReplicationRestoredCheck(ReplicationMonitor monitor) {
        this.monitor = monitor;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named(NAME).status(monitor.restored()).build();
    }
}
