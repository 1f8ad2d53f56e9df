package org.replication.v3.volume.assignment.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.replication.v3.volume.assignment.AssignmentConfig;
import org.replication.v3.volume.assignment.HeldLeases;

/** This instance's leases, timed by the JVM's monotonic clock (tests build {@link HeldLeases} on a fake one). */
@ApplicationScoped
public class LeaseClock {

    @Produces
    @Singleton
    HeldLeases heldLeases(AssignmentConfig config) {
        return new HeldLeases(System::nanoTime, config.lease(), config.margin());
    }
}
