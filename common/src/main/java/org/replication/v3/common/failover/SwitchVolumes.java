package org.replication.v3.common.failover;

import java.util.List;
import org.replication.v3.common.messaging.DomainEvent;
import org.replication.v3.common.replication.ReplicationScope;

/**
 * The replication-service's command to the volume-service hosting {@code host} (host@backend): switch these
 * volumes to the target (failover), back to the primary (failback), or reverse their replication (reprotect), in
 * one driver call. Keyed by the backend, so one backend's switches run in order.
 *
 * @param changes failback only: keep or discard the target's writes (absent: keep)
 * @param scope   what the operator failed over: a volume, a group, a pool or a whole backend; the driver gets it.
 *                A record from before this field was added means volumes
 * @param scopeId the group id, host@backend#pool or host@backend the volumes belong to; for volume scope the
 *                volume id when the request named one volume, else null (the listed volumes are the unit)
 */
public record SwitchVolumes(String operationId, String host, FailoverAction action, String target, boolean force,
        List<String> volumeIds, FailbackChanges changes, ReplicationScope scope, String scopeId)
        implements DomainEvent {

    public static final String TYPE = "volume.switch.v1";

    public SwitchVolumes {
        volumeIds = List.copyOf(volumeIds);
        changes = FailbackChanges.orKeep(changes);
        scope = scope == null ? ReplicationScope.VOLUME : scope;
    }

    @Override
    public String eventType() {
        return TYPE;
    }

    @Override
    public String subject() {
        return host;
    }
}
