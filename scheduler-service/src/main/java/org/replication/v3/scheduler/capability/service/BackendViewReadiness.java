package org.replication.v3.scheduler.capability.service;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * The scheduler is ready once it knows at least one backend: before that every placement would fail with
 * "no valid backend", so a deployment (and bin/suite) should not send it traffic yet.
 */
@Readiness
@ApplicationScoped
public class BackendViewReadiness implements HealthCheck {

    private final CapabilityView view;

    public BackendViewReadiness(CapabilityView view) {
        this.view = view;
    }

    @Override
    public HealthCheckResponse call() {
        int known = view.knownBackends();
        return HealthCheckResponse.named("backend capability reports").status(known > 0)
                .withData("backends", known).build();
    }
}
