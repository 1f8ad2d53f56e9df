package org.replication.v3.common.volume;

import java.util.Map;
import org.replication.v3.common.messaging.DomainEvent;

/**
 * The scheduler's placement: the volume-service hosting {@code host} (host@backend#pool) creates the volume there.
 *
 * @param groupId the generic volume group the volume is created in, or null; carried on to ReplicationEnabled so
 *                that a group-scope failover finds the group's volumes
 */
public record CreateVolumeOnBackend(String volumeId, String projectId, int size, String host, String volumeTypeId,
        Map<String, String> extraSpecs, String groupId) implements DomainEvent {

    public static final String TYPE = "volume.create.v1";

    /** A placement outside any group. */
    public CreateVolumeOnBackend(String volumeId, String projectId, int size, String host, String volumeTypeId,
            Map<String, String> extraSpecs) {
        this(volumeId, projectId, size, host, volumeTypeId, extraSpecs, null);
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
