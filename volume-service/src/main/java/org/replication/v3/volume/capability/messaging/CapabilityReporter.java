package org.replication.v3.volume.capability.messaging;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;
import org.replication.v3.common.capability.BackendCapabilities;
import org.replication.v3.common.capability.PoolCapabilities;
import org.replication.v3.common.messaging.Channels;
import org.replication.v3.common.messaging.EventCodec;
import org.replication.v3.common.messaging.EventEnvelope;
import org.replication.v3.common.replication.ReplicationTarget;
import org.replication.v3.volume.backend.Backend;
import org.replication.v3.volume.backend.Backends;
import org.replication.v3.volume.backend.BackendsConfig;
import org.replication.v3.volume.backend.ReplicationDevices;
import org.replication.v3.volume.driver.ReplicationDriver;
import org.replication.v3.volume.driver.BackendStats;
import org.replication.v3.volume.driver.VolumeDriverException;

/**
 * Publishes each backend's capabilities and capacity periodically. Reports are snapshots that the next
 * report supersedes, so they go straight to Kafka rather than through the outbox. Only the backends whose lease
 * this instance holds: what a report says is reachable is what its runner reaches.
 */
@ApplicationScoped
public class CapabilityReporter {

    private static final Logger LOG = Logger.getLogger(CapabilityReporter.class);

    private final Emitter<String> emitter;
    private final Backends backends;
    private final BackendsConfig config;
    private final EventCodec codec;

    public CapabilityReporter(@Channel(Channels.CAPABILITIES_OUT) Emitter<String> emitter, Backends backends,
            BackendsConfig config, EventCodec codec) {
        this.emitter = emitter;
        this.backends = backends;
        this.config = config;
        this.codec = codec;
    }

    // Delayed so the first report does not race the connection of the outgoing channel at start.
    @Scheduled(every = "${volume.report-interval}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void reportAll() {
        for (Backend backend : backends.owned()) {
            try {
                report(describe(backend));
            } catch (VolumeDriverException e) {
                LOG.warnf("backend %s@%s: stats unavailable: %s", backends.host(), backend.name(), e.getMessage());
            }
        }
    }

    BackendCapabilities describe(Backend backend) {
        BackendStats stats = backend.driver().stats();
        Map<String, String> capabilities = new HashMap<>(stats.capabilities());
        capabilities.put("volume_backend_name", backend.volumeBackendName());
        capabilities.put("vendor_name", stats.vendorName());
        capabilities.put("storage_protocol", stats.storageProtocol());
        BackendsConfig.Backend backendConfig = config.backends().get(backend.name());
        List<PoolCapabilities> pools = stats.pools().stream()
                .map(pool -> new PoolCapabilities(pool.name(), pool.totalCapacityGb(), pool.freeCapacityGb(),
                        pool.allocatedCapacityGb(), pool.thinProvisioningSupport(), 1.0, 0,
                        Map.of("thin_provisioning_support", Boolean.toString(pool.thinProvisioningSupport())),
                        ReplicationDevices.defaults(backend.name(), backendConfig, pool.name())))
                .toList();
        List<ReplicationTarget> targets = backend.replication().map(ReplicationDriver::targets).orElse(List.of());
        if (!targets.isEmpty()) {
            // Cinder's name for "replicates a generic group as one" (group types ask for it with
            // consistent_group_replication_enabled): every ReplicationDriver takes a group's volumes in one request.
            capabilities.put("consistent_group_replication_enabled", "True");
        }
        Boolean arrayReachable = backend.replication().map(ReplicationDriver::arrayReachable).orElse(null);
        return new BackendCapabilities(backends.host() + "@" + backend.name(), backend.volumeBackendName(),
                stats.vendorName(), stats.driverVersion(), stats.storageProtocol(), config.availabilityZone(),
                Instant.now(), pools, capabilities, !targets.isEmpty(), targets, config.instance(), arrayReachable,
                backend.driver().arrayName());
    }

    private void report(BackendCapabilities report) {
        EventEnvelope envelope = codec.wrap(report);
        emitter.send(Message.of(codec.encode(envelope)).addMetadata(
                OutgoingKafkaRecordMetadata.<String>builder().withKey(report.host()).build()));
    }
}
