package org.replication.v3.scheduler.config;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;

/** The scheduler's settings ({@code scheduler.*} in application.properties), every key under the prefix. */
@ConfigMapping(prefix = "scheduler")
public interface SchedulerConfig {

    /** This scheduler's host, as os-services lists it (Cinder's host). */
    String host();

    /** Cinder's storage_availability_zone, as os-services lists it. */
    String availabilityZone();

    /** How often this scheduler says it is alive; read by the schedule expression of {@code HeartbeatReporter}. */
    Duration reportInterval();

    /** A backend whose last report is older than this is down and gets no new volumes (service_down_time). */
    Duration backendDownAfter();
}
