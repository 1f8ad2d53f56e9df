package org.replication.v3.volume.driver;

import java.nio.file.Path;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.replication.v3.common.replication.ReplicationTarget;
import org.replication.v3.volume.backend.BackendsConfig;
import org.replication.v3.volume.backend.ReplicationDevices;
import org.replication.v3.volume.driver.filearray.FileArrayDriver;
import org.replication.v3.volume.driver.filearray.FileArrayReplication;
import org.replication.v3.volume.driver.filearray.replication.ArraySite;
import org.replication.v3.volume.driver.filearray.replication.ArraySites;

/** Builds the driver a backend's configuration names, as Cinder loads {@code volume_driver}. */
public final class VolumeDrivers {

    private VolumeDrivers() {
    }

    public static VolumeDriver create(String backendName, BackendsConfig.Backend config, Path dataDir) {
        return switch (config.driver()) {
            case FileArrayDriver.NAME -> new FileArrayDriver(arrayDir(backendName, config, dataDir), config);
            default -> throw new IllegalStateException("backend " + backendName + ": unknown driver '"
                    + config.driver() + "' (known: " + FileArrayDriver.NAME + ")");
        };
    }

    private static Path arrayDir(String backendName, BackendsConfig.Backend config, Path dataDir) {
        return dataDir.resolve(config.array().orElse(backendName));
    }

    /** The backend's replication driver, when it has {@code replication-devices} configured. */
    public static Optional<ReplicationDriver> createReplication(String backendName, BackendsConfig.Backend config,
            Path dataDir, ArraySites arrays, int blockSize) {
        if (config.replicationDevices().isEmpty()) {
            return Optional.empty();
        }
        List<ReplicationTarget> targets = ReplicationDevices.targets(backendName, config);
        return switch (config.driver()) {
            case FileArrayDriver.NAME -> {
                Map<String, ArraySite> targetArrays = new HashMap<>();
                config.replicationDevices().forEach((id, device) -> targetArrays.put(id, arrays.site(id,
                        device.arrayDir().map(Path::of).orElse(dataDir.resolve(id)))));
                ArraySite primary = arrays.site(config.array().orElse(backendName),
                        arrayDir(backendName, config, dataDir));
                yield Optional.of(new FileArrayReplication(backendName, primary, targets, targetArrays, blockSize,
                        InstantSource.system(), config.switchDelay()));
            }
            default -> throw new IllegalStateException("backend " + backendName + ": driver '" + config.driver()
                    + "' does not replicate");
        };
    }
}
