package org.replication.v3.common.messaging;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.replication.v3.common.capability.BackendCapabilities;
import org.replication.v3.common.cinderservice.ServiceHeartbeat;
import org.replication.v3.common.cinderservice.ServiceStatusChanged;
import org.replication.v3.common.crosscloud.ExportReplicas;
import org.replication.v3.common.crosscloud.ImportReplicas;
import org.replication.v3.common.crosscloud.ReplicasExported;
import org.replication.v3.common.crosscloud.ReplicasImported;
import org.replication.v3.common.failover.FailoverRequested;
import org.replication.v3.common.failover.OperationChanged;
import org.replication.v3.common.failover.SwitchVolumes;
import org.replication.v3.common.failover.VolumesSwitched;
import org.replication.v3.common.group.ChangeGroupReplication;
import org.replication.v3.common.group.CreateGroupOnBackend;
import org.replication.v3.common.group.DeleteGroup;
import org.replication.v3.common.group.GroupCreateFailed;
import org.replication.v3.common.group.GroupCreated;
import org.replication.v3.common.group.GroupDeleteFailed;
import org.replication.v3.common.group.GroupDeleted;
import org.replication.v3.common.group.GroupMembershipChanged;
import org.replication.v3.common.group.GroupReplicationChanged;
import org.replication.v3.common.group.GroupSchedulingFailed;
import org.replication.v3.common.group.ScheduleGroupCreate;
import org.replication.v3.common.group.UpdateGroupOnBackend;
import org.replication.v3.common.replication.MediatorDecided;
import org.replication.v3.common.replication.MediatorDecidedV2;
import org.replication.v3.common.replication.ReplicationEnabled;
import org.replication.v3.common.replication.ReplicationLagChanged;
import org.replication.v3.common.replication.ReplicationLagChangedV2;
import org.replication.v3.common.replication.ReplicationLagSnapshot;
import org.replication.v3.common.volume.CreateVolumeOnBackend;
import org.replication.v3.common.volume.DeleteVolume;
import org.replication.v3.common.volume.ExtendVolume;
import org.replication.v3.common.volume.ScheduleVolumeCreate;
import org.replication.v3.common.volume.VolumeAttached;
import org.replication.v3.common.volume.VolumeCreateFailed;
import org.replication.v3.common.volume.VolumeCreated;
import org.replication.v3.common.volume.VolumeDeleteFailed;
import org.replication.v3.common.volume.VolumeDeleted;
import org.replication.v3.common.volume.VolumeDetached;
import org.replication.v3.common.volume.VolumeExtendFailed;
import org.replication.v3.common.volume.VolumeExtended;
import org.replication.v3.common.volume.VolumeSchedulingFailed;
import org.replication.v3.common.volume.VolumeStatusReset;

/**
 * Every command and event type this suite publishes, by its CloudEvents type. A consumer tells from it whether a
 * record it has no route for is addressed to another service (skip it) or is a type nobody here knows, such as
 * a newer version from a newer producer (keep it on the dead-letter topic for replay after an upgrade). The event
 * catalogue (docs/events) is checked against this list.
 */
public final class EventTypes {

    /** The record classes; each declares its versioned type in a {@code TYPE} constant. */
    public static final List<Class<? extends DomainEvent>> ALL = List.of(
            ScheduleVolumeCreate.class, CreateVolumeOnBackend.class, DeleteVolume.class, ExtendVolume.class,
            VolumeCreated.class, VolumeCreateFailed.class, VolumeSchedulingFailed.class, VolumeDeleted.class,
            VolumeDeleteFailed.class, VolumeExtended.class, VolumeExtendFailed.class, VolumeAttached.class,
            VolumeDetached.class, VolumeStatusReset.class,
            ScheduleGroupCreate.class, CreateGroupOnBackend.class, UpdateGroupOnBackend.class, DeleteGroup.class,
            ChangeGroupReplication.class, GroupCreated.class, GroupCreateFailed.class, GroupSchedulingFailed.class,
            GroupDeleted.class, GroupDeleteFailed.class, GroupReplicationChanged.class, GroupMembershipChanged.class,
            ReplicationEnabled.class, ReplicationLagChanged.class, ReplicationLagChangedV2.class,
            ReplicationLagSnapshot.class, MediatorDecided.class, MediatorDecidedV2.class,
            FailoverRequested.class, OperationChanged.class, SwitchVolumes.class, VolumesSwitched.class,
            BackendCapabilities.class, ServiceHeartbeat.class, ServiceStatusChanged.class,
            ExportReplicas.class, ReplicasExported.class, ImportReplicas.class, ReplicasImported.class);

    private static final Map<String, Class<? extends DomainEvent>> BY_TYPE = ALL.stream()
            .collect(Collectors.toUnmodifiableMap(EventTypes::typeOf, Function.identity()));

    private EventTypes() {
    }

    public static boolean known(String type) {
        return BY_TYPE.containsKey(type);
    }

    /** The versioned CloudEvents type a record class declares. */
    public static String typeOf(Class<? extends DomainEvent> kind) {
        try {
            return (String) kind.getField("TYPE").get(null);
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalStateException(kind.getName() + " declares no public static String TYPE", e);
        }
    }
}
