package org.replication.v3.volume.backend;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;

/**
 * The backends this volume-service hosts, configured the way cinder.conf's {@code enabled_backends}
 * sections are: each with its driver ({@code volume_driver}) and pools.
 */
@ConfigMapping(prefix = "volume")
public interface BackendsConfig {

    /** This service's host name: volumes live at {@code host@backend#pool}. */
    String host();

    /** Root under which file-based drivers keep their arrays. */
    String dataDir();

    /** How often each backend reports its capabilities and capacity. */
    Duration reportInterval();

    @WithDefault("nova")
    String availabilityZone();

    Map<String, Backend> backends();

    interface Backend {

        /** Driver name, as {@code volume_driver}; {@code filearray} is the reference driver. */
        String driver();

        /** What volume types match with the {@code volume_backend_name} extra spec. */
        String volumeBackendName();

        Map<String, Pool> pools();

        /** Fault injection for tests and drills: every driver create takes at least this long. */
        @WithDefault("0s")
        Duration createDelay();
    }

    interface Pool {
        long capacityGb();
    }
}
