package org.replication.v3.scheduler.placement;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.replication.v3.common.group.CreateGroupOnBackend;
import org.replication.v3.common.group.GroupSchedulingFailed;
import org.replication.v3.common.group.ScheduleGroupCreate;
import org.replication.v3.common.inbox.Inbox;
import org.replication.v3.common.messaging.Channels;
import org.replication.v3.common.messaging.ConsumerRetry;
import org.replication.v3.common.messaging.EventCodec;
import org.replication.v3.common.messaging.EventEnvelope;
import org.replication.v3.common.messaging.TopicNames;
import org.replication.v3.common.outbox.Outbox;
import org.replication.v3.common.volume.CreateVolumeOnBackend;
import org.replication.v3.common.volume.ScheduleVolumeCreate;
import org.replication.v3.common.volume.VolumeSchedulingFailed;

/**
 * Places each requested volume or group once and tells the chosen volume-service to create it, or tells the API
 * why it cannot be placed, so neither stays in {@code creating}.
 */
@ApplicationScoped
public class ScheduleCommandConsumer {

    private static final Logger LOG = Logger.getLogger(ScheduleCommandConsumer.class);

    private final EventCodec codec;
    private final Inbox inbox;
    private final Outbox outbox;
    private final TopicNames topics;
    private final Placement placement;
    private final ConsumerRetry retry;

    public ScheduleCommandConsumer(EventCodec codec, Inbox inbox, Outbox outbox, TopicNames topics,
            Placement placement, ConsumerRetry retry) {
        this.codec = codec;
        this.inbox = inbox;
        this.outbox = outbox;
        this.topics = topics;
        this.placement = placement;
        this.retry = retry;
    }

    @Incoming(Channels.SCHEDULER_COMMANDS_IN)
    public Uni<Void> onCommand(String record) {
        EventEnvelope command = codec.decode(record);
        if (ScheduleGroupCreate.TYPE.equals(command.type())) {
            return placeGroup(command, codec.data(command, ScheduleGroupCreate.class));
        }
        if (!ScheduleVolumeCreate.TYPE.equals(command.type())) {
            LOG.debugf("command %s of type %s is not for the scheduler; skipped", command.id(), command.type());
            return Uni.createFrom().voidItem();
        }
        ScheduleVolumeCreate request = codec.data(command, ScheduleVolumeCreate.class);
        return retry.run(() -> inbox.applyOnce(command, () -> placement.place(request).flatMap(decision -> {
            if (decision.isPlaced()) {
                LOG.infof("volume %s: placed on %s", request.volumeId(), decision.host());
                return outbox.add(topics.volumeCommands(), new CreateVolumeOnBackend(request.volumeId(),
                        request.projectId(), request.size(), decision.host(), request.volumeTypeId(),
                        request.extraSpecs(), request.groupId(), decision.groupSpecs())).replaceWithVoid();
            }
            LOG.infof("volume %s: not placed: %s", request.volumeId(), decision.refusal());
            return outbox.add(topics.schedulerEvents(),
                    new VolumeSchedulingFailed(request.volumeId(), decision.refusal())).replaceWithVoid();
        })));
    }

    private Uni<Void> placeGroup(EventEnvelope command, ScheduleGroupCreate request) {
        return retry.run(() -> inbox.applyOnce(command, () -> placement.placeGroup(request).flatMap(decision -> {
            if (decision.isPlaced()) {
                LOG.infof("group %s: placed on %s", request.groupId(), decision.host());
                return outbox.add(topics.volumeCommands(), new CreateGroupOnBackend(request.groupId(),
                        request.projectId(), decision.host(), request.groupTypeId(), request.groupSpecs()))
                        .replaceWithVoid();
            }
            LOG.infof("group %s: not placed: %s", request.groupId(), decision.refusal());
            return outbox.add(topics.schedulerEvents(),
                    new GroupSchedulingFailed(request.groupId(), decision.refusal())).replaceWithVoid();
        })));
    }
}
