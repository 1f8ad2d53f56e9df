package org.replication.v3.volume.assignment.service;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Which backends this instance runs now. Always up: an instance that owns nothing is a ready standby (it takes a
 * backend over when its holder stops renewing), not a broken one.
 */
@Readiness
@ApplicationScoped
public class AssignmentCheck implements HealthCheck {

    static final String NAME = "assignment";

    private final BackendAssignment assignment;

    public AssignmentCheck(BackendAssignment assignment) {
        this.assignment = assignment;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named(NAME).up().withData("instance", assignment.instance())
                .withData("owned", String.join(",", assignment.owned())).build();
    }
}
