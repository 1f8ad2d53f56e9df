package org.replication.v3.api.group.service;

import java.util.List;

/** A validated group update: null name or description stay; the volume lists hold ids as the request gave them. */
public record GroupChange(String name, String description, List<String> addVolumes, List<String> removeVolumes) {
}
