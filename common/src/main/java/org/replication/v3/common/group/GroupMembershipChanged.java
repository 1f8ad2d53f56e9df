package org.replication.v3.common.group;

import java.util.List;
import org.replication.v3.common.messaging.DomainEvent;
import org.replication.v3.common.replication.ReplicationStatus;
import org.replication.v3.common.replication.VolumeReplication;

/**
 * The answer to {@link UpdateGroupOnBackend}: the group's whole membership after it, and each volume the command
 * named with where it ended up. A volume the driver could not add stays out (and one it could not take out stays
 * in), with the reason; {@code error} then sums them up and the group goes to error, as Cinder's does.
 *
 * @param members every volume of the group after the change
 * @param error   why some of the change failed, or null when all of it was done
 */
public record GroupMembershipChanged(String groupId, String host, List<String> members, String error,
        List<Member> volumes) implements DomainEvent {

    public static final String TYPE = "group.membership-changed.v1";

    /**
     * One volume the command named.
     *
     * @param groupId           the group it is in now: this one, or null when it is out
     * @param replication       how it replicates now with the group, or null when it does not (a group that does
     *                          not replicate, or a volume that left a replicated group)
     * @param replicationStatus its replication_status now (enabled, disabled, error), or null when unchanged
     * @param error             why the driver could not add or remove it, or null
     */
    public record Member(String volumeId, String host, String groupId, VolumeReplication replication,
            ReplicationStatus replicationStatus, String error) {
    }

    public GroupMembershipChanged {
        members = List.copyOf(members);
        volumes = List.copyOf(volumes);
    }

    @Override
    public String eventType() {
        return TYPE;
    }

    @Override
    public String subject() {
        return groupId;
    }
}
