package org.replication.v3.common.capability;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.replication.v3.common.messaging.DomainEvent;

/** A backend's periodic report: identity, capacity per pool and capabilities the scheduler matches extra specs against. {@code host} is host@backend. */
public record BackendCapabilities(String host, String volumeBackendName, String vendorName, String driverVersion, String storageProtocol, String availabilityZone, Instant reportedAt, List<PoolCapabilities> pools, Map<String, String> capabilities) implements DomainEvent {

    public static final String TYPE = "backend.capabilities-reported.v1";

    @Override
    public String eventType() {
        return TYPE;
    }

    @Override
    public String subject() {
        return host;
    }
}
