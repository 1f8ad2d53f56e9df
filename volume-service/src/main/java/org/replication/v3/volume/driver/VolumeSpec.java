package org.replication.v3.volume.driver;

import java.util.Map;

/** What a driver is told about a volume. */
public record VolumeSpec(String id, int sizeGb, String pool, Map<String, String> extraSpecs) {
}
