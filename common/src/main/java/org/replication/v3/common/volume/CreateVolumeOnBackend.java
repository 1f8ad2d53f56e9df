package org.replication.v3.common.volume;

import java.util.Map;
import org.replication.v3.common.messaging.DomainEvent;

/** The scheduler's placement: the volume-service hosting {@code host} (host@backend#pool) creates the volume there. */
public record CreateVolumeOnBackend(String volumeId, String projectId, int size, String host, String volumeTypeId, Map<String, String> extraSpecs) implements DomainEvent {

    public static final String TYPE = "volume.create.v1";

    @Override
    public String eventType() {
        return TYPE;
    }

    @Override
    public String subject() {
        return volumeId;
    }
}
