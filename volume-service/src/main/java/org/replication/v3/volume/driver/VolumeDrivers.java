package org.replication.v3.volume.driver;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.replication.v3.common.replication.ReplicationTarget;
import org.replication.v3.volume.backend.BackendsConfig;
import org.replication.v3.volume.backend.ReplicationDevices;
import org.replication.v3.volume.driver.filearray.ArrayClient;
import org.replication.v3.volume.driver.filearray.FileArrayDriver;
import org.replication.v3.volume.driver.filearray.FileArrayReplication;
import org.replication.v3.volume.driver.filearray.MediatorClient;

/** Builds the driver a backend's configuration names, as Cinder loads {@code volume_driver}. */
public final class VolumeDrivers {

    private VolumeDrivers() {
    }

    /** The arrays configured, by name: one client each, shared by every backend that uses the array. */
    public interface Arrays {
        ArrayClient array(String backendName, String name);
    }

    public static VolumeDriver create(String backendName, BackendsConfig.Backend config, Arrays arrays) {
        return switch (config.driver()) {
            case FileArrayDriver.NAME -> new FileArrayDriver(arrays.array(backendName,
                    config.array().orElse(backendName)), config);
            default -> throw new IllegalStateException("backend " + backendName + ": unknown driver '"
                    + config.driver() + "' (known: " + FileArrayDriver.NAME + ")");
        };
    }

    /** The backend's replication driver, when it has {@code replication-devices} configured. */
    public static Optional<ReplicationDriver> createReplication(String backendName, BackendsConfig.Backend config,
            Arrays arrays, Optional<MediatorClient> mediator) {
        if (config.replicationDevices().isEmpty()) {
            return Optional.empty();
        }
        List<ReplicationTarget> targets = ReplicationDevices.targets(backendName, config);
        return switch (config.driver()) {
            case FileArrayDriver.NAME -> {
                Map<String, ArrayClient> targetArrays = new HashMap<>();
                config.replicationDevices().forEach((id, device) -> targetArrays.put(id,
                        arrays.array(backendName, device.array().orElse(id))));
                yield Optional.of(new FileArrayReplication(backendName, arrays.array(backendName,
                        config.array().orElse(backendName)), targets, targetArrays, mediator, config.switchDelay()));
            }
            default -> throw new IllegalStateException("backend " + backendName + ": driver '" + config.driver()
                    + "' does not replicate");
        };
    }
}
