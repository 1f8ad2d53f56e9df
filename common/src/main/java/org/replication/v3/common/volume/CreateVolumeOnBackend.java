package org.replication.v3.common.volume;

import java.util.Map;
import org.replication.v3.common.messaging.DomainEvent;

/**
 * The scheduler's placement: the volume-service hosting {@code host} (host@backend#pool) creates the volume there.
 *
 * @param groupId    the generic volume group the volume is created in, or null; carried on to ReplicationEnabled so
 *                   that a group-scope failover finds the group's volumes
 * @param groupSpecs the group type's specs of that group (the top level of replication precedence); empty outside a
 *                   group. Added to v1 without a new TYPE: it is optional, a producer that predates it leaves it
 *                   out (read as empty) and a consumer that predates it ignores it.
 */
public record CreateVolumeOnBackend(String volumeId, String projectId, int size, String host, String volumeTypeId,
        Map<String, String> extraSpecs, String groupId, Map<String, String> groupSpecs) implements DomainEvent {

    public static final String TYPE = "volume.create.v1";

    public CreateVolumeOnBackend {
        groupSpecs = groupSpecs == null ? Map.of() : Map.copyOf(groupSpecs);
    }

    /** A placement outside any group. */
    public CreateVolumeOnBackend(String volumeId, String projectId, int size, String host, String volumeTypeId,
            Map<String, String> extraSpecs) {
        this(volumeId, projectId, size, host, volumeTypeId, extraSpecs, null, Map.of());
    }

    @Override
    public String eventType() {
        return TYPE;
    }

    @Override
    public String subject() {
        return volumeId;
    }
}
