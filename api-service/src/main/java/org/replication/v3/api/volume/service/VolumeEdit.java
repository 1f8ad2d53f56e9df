package org.replication.v3.api.volume.service;

import java.util.Map;
import java.util.Optional;

/** A PUT of a volume: each field that is present replaces the volume's (an empty Optional sets null). */
public record VolumeEdit(Optional<Optional<String>> name, Optional<Optional<String>> description,
        Optional<Map<String, String>> metadata) {
}
