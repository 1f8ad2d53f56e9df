package org.replication.v3.common.failover;

import java.util.List;
import org.replication.v3.common.messaging.DomainEvent;

/**
 * The replication-service's command to the volume-service hosting {@code host} (host@backend): switch these
 * volumes to the target (failover), back to the primary (failback), or reverse their replication (reprotect), in
 * one driver call. Keyed by the backend, so one backend's switches run in order.
 *
 * @param changes failback only: keep or discard the target's writes (absent: keep)
 */
public record SwitchVolumes(String operationId, String host, FailoverAction action, String target, boolean force,
        List<String> volumeIds, FailbackChanges changes) implements DomainEvent {

    public static final String TYPE = "volume.switch.v1";

    public SwitchVolumes {
        volumeIds = List.copyOf(volumeIds);
        changes = FailbackChanges.orKeep(changes);
    }

    /** A command that keeps the target's changes on failback. */
    public SwitchVolumes(String operationId, String host, FailoverAction action, String target, boolean force,
            List<String> volumeIds) {
        this(operationId, host, action, target, force, volumeIds, FailbackChanges.KEEP);
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
