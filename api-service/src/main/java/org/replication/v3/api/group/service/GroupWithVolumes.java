package org.replication.v3.api.group.service;

import java.util.List;
import java.util.UUID;
import org.replication.v3.api.group.Group;

/** A group and, when the request asked for them (list_volume), the ids of its volumes; otherwise null. */
public record GroupWithVolumes(Group group, List<UUID> volumeIds) {
}
