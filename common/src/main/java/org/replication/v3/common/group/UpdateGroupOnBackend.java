package org.replication.v3.common.group;

import java.util.List;
import java.util.Map;
import org.replication.v3.common.messaging.DomainEvent;

/**
 * Cinder's update_group with add_volumes / remove_volumes: the volume-service hosting the group ({@code host} =
 * host@backend#pool) adds the volumes to it and takes the others out, through its driver when the group
 * replicates (the joining volumes then replicate with the group, the leaving ones stop), and answers with
 * {@link GroupMembershipChanged}. The API has checked both lists; the group is {@code updating} until the answer.
 *
 * @param groupSpecs  the group type's specs, which decide how the group's volumes replicate
 * @param replicating the group replicates now (a replicated group type, replication enabled): the joining volumes
 *                    start replicating with it
 */
public record UpdateGroupOnBackend(String groupId, String host, Map<String, String> groupSpecs, boolean replicating,
        List<Joining> add, List<GroupMember> remove) implements DomainEvent {

    public static final String TYPE = "group.update.v1";

    /** A volume joining the group, where it lives (host@backend#pool) and its volume type's extra specs. */
    public record Joining(String volumeId, String host, Map<String, String> extraSpecs) {

        public Joining {
            extraSpecs = extraSpecs == null ? Map.of() : Map.copyOf(extraSpecs);
        }
    }

    public UpdateGroupOnBackend {
        groupSpecs = groupSpecs == null ? Map.of() : Map.copyOf(groupSpecs);
        add = List.copyOf(add);
        remove = List.copyOf(remove);
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
