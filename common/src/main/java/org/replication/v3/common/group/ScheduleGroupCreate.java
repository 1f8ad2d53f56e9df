package org.replication.v3.common.group;

import java.util.List;
import java.util.Map;
import org.replication.v3.common.messaging.DomainEvent;

/** api-service asks the scheduler to place a new group on a pool that satisfies its group specs and every volume type's extra specs. */
public record ScheduleGroupCreate(String groupId, String projectId, String groupTypeId, Map<String, String> groupSpecs, List<GroupVolumeType> volumeTypes, String availabilityZone) implements DomainEvent {

    public static final String TYPE = "scheduler.schedule-group-create.v1";

    @Override
    public String eventType() {
        return TYPE;
    }

    @Override
    public String subject() {
        return groupId;
    }
}
