package org.replication.v3.common.cinderservice;

import java.time.Instant;
import org.replication.v3.common.messaging.DomainEvent;

/**
 * What an operator set on a service (os-services enable, disable, freeze, thaw), as a whole snapshot: the newest
 * one wins, so consumers need no inbox and a compacted topic keeps what a new consumer must know. The scheduler
 * places no volume on a disabled or frozen volume service.
 */
public record ServiceStatusChanged(String binary, String host, boolean disabled, String disabledReason,
        boolean frozen, Instant changedAt) implements DomainEvent {

    public static final String TYPE = "service.status-changed.v1";

    @Override
    public String eventType() {
        return TYPE;
    }

    @Override
    public String subject() {
        return ServiceBinary.key(binary, host);
    }

    /** Whether the scheduler must leave the service out of placement. */
    public boolean excludedFromScheduling() {
        return disabled || frozen;
    }
}
