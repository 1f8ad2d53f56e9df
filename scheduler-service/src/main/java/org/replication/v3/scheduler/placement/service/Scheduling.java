package org.replication.v3.scheduler.placement.service;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import org.replication.v3.common.group.CreateGroupOnBackend;
import org.replication.v3.common.group.GroupSchedulingFailed;
import org.replication.v3.common.group.ScheduleGroupCreate;
import org.replication.v3.common.messaging.TopicNames;
import org.replication.v3.common.outbox.Outbox;
import org.replication.v3.common.volume.CreateVolumeOnBackend;
import org.replication.v3.common.volume.ScheduleVolumeCreate;
import org.replication.v3.common.volume.VolumeSchedulingFailed;

/**
 * Places a requested volume or group and tells the chosen volume-service to create it, or tells the API why it
 * cannot be placed, so neither stays in {@code creating}. Runs in the caller's transaction (the outbox's).
 */
@ApplicationScoped
public class Scheduling {

    private static final Logger LOG = Logger.getLogger(Scheduling.class);

    @Inject
    Placement placement;
    @Inject
    Outbox outbox;
    @Inject
    TopicNames topics;

    public Uni<Void> scheduleVolume(ScheduleVolumeCreate request) {
        return placement.place(request).flatMap(decision -> {
            if (decision.isPlaced()) {
                LOG.infof("volume %s: placed on %s", request.volumeId(), decision.host());
                return outbox.add(topics.volumeCommands(), new CreateVolumeOnBackend(request.volumeId(),
                        request.projectId(), request.size(), decision.host(), request.volumeTypeId(),
                        request.extraSpecs(), request.groupId(), decision.groupSpecs())).replaceWithVoid();
            }
            LOG.infof("volume %s: not placed: %s", request.volumeId(), decision.refusal());
            return outbox.add(topics.schedulerEvents(),
                    new VolumeSchedulingFailed(request.volumeId(), decision.refusal())).replaceWithVoid();
        });
    }

    public Uni<Void> scheduleGroup(ScheduleGroupCreate request) {
        return placement.placeGroup(request).flatMap(decision -> {
            if (decision.isPlaced()) {
                LOG.infof("group %s: placed on %s", request.groupId(), decision.host());
                return outbox.add(topics.volumeCommands(), new CreateGroupOnBackend(request.groupId(),
                        request.projectId(), decision.host(), request.groupTypeId(), request.groupSpecs()))
                        .replaceWithVoid();
            }
            LOG.infof("group %s: not placed: %s", request.groupId(), decision.refusal());
            return outbox.add(topics.schedulerEvents(),
                    new GroupSchedulingFailed(request.groupId(), decision.refusal())).replaceWithVoid();
        });
    }
}
