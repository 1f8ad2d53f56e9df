package org.replication.v3.volume.backend;

import org.replication.v3.volume.driver.VolumeDriver;

/** One configured backend: its name, what it advertises and the driver that acts on its array. */
public record Backend(String name, String volumeBackendName, VolumeDriver driver) {
}
