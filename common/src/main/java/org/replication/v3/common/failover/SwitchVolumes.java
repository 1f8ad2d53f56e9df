package org.replication.v3.common.failover;

import java.util.List;
import org.replication.v3.common.messaging.DomainEvent;

/**
 * The replication-service's command to the volume-service hosting {@code host} (host@backend): switch these
 * volumes to the target (failover) or back to the primary (failback), in one driver call. Keyed by the backend, so
 * one backend's switches run in order.
 */
public record SwitchVolumes(String operationId, String host, FailoverAction action, String target, boolean force,
        List<String> volumeIds) implements DomainEvent {

    public static final String TYPE = "volume.switch.v1";

    public SwitchVolumes {
        volumeIds = List.copyOf(volumeIds);
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
