package org.replication.v3.common.volume;

import java.util.Map;
import org.replication.v3.common.messaging.DomainEvent;

/** api-service asks the scheduler to place a new volume; carries the type's extra specs as they were at request time. */
public record ScheduleVolumeCreate(String volumeId, String projectId, String userId, int size, String volumeTypeId, String volumeTypeName, Map<String, String> extraSpecs, String availabilityZone, String groupId) implements DomainEvent {

    public static final String TYPE = "scheduler.schedule-volume-create.v1";

    @Override
    public String eventType() {
        return TYPE;
    }

    @Override
    public String subject() {
        return volumeId;
    }
}
