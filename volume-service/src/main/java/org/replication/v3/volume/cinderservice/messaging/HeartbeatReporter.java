package org.replication.v3.volume.cinderservice.messaging;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import io.smallrye.reactive.messaging.providers.extension.HealthCenter;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;
import org.replication.v3.common.cinderservice.ServiceBinary;
import org.replication.v3.common.cinderservice.ServiceHeartbeat;
import org.replication.v3.common.messaging.Channels;
import org.replication.v3.common.messaging.EventCodec;
import org.replication.v3.volume.backend.Backend;
import org.replication.v3.volume.backend.Backends;
import org.replication.v3.volume.backend.BackendsConfig;
import org.replication.v3.volume.driver.VolumeDriverException;
import org.replication.v3.volume.replication.service.SwitchWorker;

/**
 * Says periodically that each backend's volume service ({@code cinder-volume} at {@code host@backend}, as Cinder
 * runs one per enabled backend) is alive. A heartbeat goes out even when the driver cannot give its stats: the
 * service is up, only its backend is not, which the API shows as {@code backend_state}.
 *
 * <p>A backend that cannot take commands sends none, so that os-services shows it {@code down} once its last
 * heartbeat is older than the API's service down time: the command consumer is not ready (records wait
 * unacknowledged), or the backend's switch worker is wedged in one driver call. Only the instance holding a
 * backend's lease beats for it: a backend nobody runs goes down.
 */
@ApplicationScoped
public class HeartbeatReporter {

    private static final Logger LOG = Logger.getLogger(HeartbeatReporter.class);
    private static final String REPLICATION_ENABLED = "replication_enabled";

    private final Emitter<String> emitter;
    private final Backends backends;
    private final BackendsConfig config;
    private final EventCodec codec;
    private final HealthCenter health;
    private final SwitchWorker switchWorker;
    /** The backends whose heartbeat is held back now: each change is logged once. */
    private final Set<String> silent = ConcurrentHashMap.newKeySet();

    public HeartbeatReporter(@Channel(Channels.SERVICE_HEARTBEATS_OUT) Emitter<String> emitter, Backends backends,
            BackendsConfig config, EventCodec codec, HealthCenter health, SwitchWorker switchWorker) {
        this.emitter = emitter;
        this.backends = backends;
        this.config = config;
        this.codec = codec;
        this.health = health;
        this.switchWorker = switchWorker;
    }

    // Delayed so the first heartbeat does not race the connection of the outgoing channel at start.
    @Scheduled(every = "${volume.report-interval}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void beatAll() {
        String consumerTrouble = consumerTrouble();
        for (Backend backend : backends.owned()) {
            String trouble = consumerTrouble != null ? consumerTrouble : switchWorker.wedged(backend)
                    ? "a switch has been stuck in one driver call for longer than volume.switch-work.stall-after"
                    : null;
            String host = backends.host() + "@" + backend.name();
            if (trouble != null) {
                if (silent.add(host)) {
                    LOG.warnf("backend %s takes no commands (%s): no heartbeat until it does", host, trouble);
                }
                continue;
            }
            if (silent.remove(host)) {
                LOG.infof("backend %s takes commands again: heartbeats resume", host);
            }
            ServiceHeartbeat heartbeat = new ServiceHeartbeat(ServiceBinary.VOLUME,
                    host, config.availabilityZone(), replicationEnabled(backend),
                    Instant.now());
            emitter.send(Message.of(codec.encode(codec.wrap(heartbeat))).addMetadata(
                    OutgoingKafkaRecordMetadata.<String>builder().withKey(heartbeat.subject()).build()));
        }
    }

    /** Why the command consumer takes no commands now (its readiness check fails), or null when it does. */
    private String consumerTrouble() {
        return health.getReadiness().getChannels().stream()
                .filter(channel -> Channels.VOLUME_COMMANDS_IN.equals(channel.getChannel()) && !channel.isOk())
                .findFirst().map(channel -> "channel " + channel.getChannel() + " not ready: " + channel.getMessage())
                .orElse(null);
    }

    /**
     * Enabled when the backend has replication targets (as its capability report says; Cinder's os-services
     * failover needs it). Otherwise the driver's word; null when it cannot tell now, so the API keeps what it knew.
     */
    private Boolean replicationEnabled(Backend backend) {
        if (backend.replication().map(driver -> !driver.targets().isEmpty()).orElse(false)) {
            return true;
        }
        try {
            return Boolean.parseBoolean(backend.driver().stats().capabilities().get(REPLICATION_ENABLED));
        } catch (VolumeDriverException e) {
            LOG.debugf("backend %s@%s: stats unavailable for the heartbeat: %s", backends.host(), backend.name(),
                    e.getMessage());
            return null;
        }
    }
}
