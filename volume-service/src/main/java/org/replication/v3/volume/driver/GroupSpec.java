package org.replication.v3.volume.driver;

import java.util.Map;

/** What a driver is told about a generic volume group: its id, the pool it was placed on and its group specs. */
public record GroupSpec(String id, String pool, Map<String, String> groupSpecs) {
}
