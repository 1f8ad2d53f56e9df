package org.replication.v3.volume.driver;

import java.nio.file.Path;
import org.replication.v3.volume.backend.BackendsConfig;
import org.replication.v3.volume.driver.filearray.FileArrayDriver;

/** Builds the driver a backend's configuration names, as Cinder loads {@code volume_driver}. */
public final class VolumeDrivers {

    private VolumeDrivers() {
    }

    public static VolumeDriver create(String backendName, BackendsConfig.Backend config, Path dataDir) {
        return switch (config.driver()) {
            case FileArrayDriver.NAME -> new FileArrayDriver(dataDir.resolve(backendName), config);
            default -> throw new IllegalStateException("backend " + backendName + ": unknown driver '"
                    + config.driver() + "' (known: " + FileArrayDriver.NAME + ")");
        };
    }
}
