package org.replication.v3.volume.backend;

import java.util.Optional;
import org.replication.v3.volume.driver.ReplicationDriver;
import org.replication.v3.volume.driver.VolumeDriver;

/**
 * One configured backend: its name, what it advertises, the driver that acts on its array, and its replication
 * driver when it has replication targets configured.
 */
public record Backend(String name, String volumeBackendName, VolumeDriver driver,
        Optional<ReplicationDriver> replication) {
}
