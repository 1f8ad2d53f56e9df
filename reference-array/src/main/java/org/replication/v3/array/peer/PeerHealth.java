package org.replication.v3.array.peer;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import org.replication.v3.array.config.ArrayConfig;

/**
 * The peer heartbeat: every {@code array.peer-heartbeat} this array asks each peer for its health, on a thread of
 * its own (a slow ship or probe never delays it), with a short timeout. What it learns is what {@code /v1/health}
 * answers (the mediator's input) and what pairs show as {@code peer_lost_since}. In memory only: a restart starts
 * with every peer unknown, then learns within one heartbeat.
 */
@Singleton
public class PeerHealth {

    private static final Duration MAX_TIMEOUT = Duration.ofSeconds(1);
    private static final Logger LOG = Logger.getLogger(PeerHealth.class);

    /** What this array last knew of one peer. {@code lostSince}: the first failed heartbeat after a success. */
    public record Status(boolean reachable, Instant lastContactAt, Instant lostSince) {
    }

    private final ArrayConfig config;
    private final PeerClient peers;
    private final String bootId = UUID.randomUUID().toString();
    private final Map<String, Status> statuses = new ConcurrentHashMap<>();
    private ScheduledExecutorService executor;

    public PeerHealth(ArrayConfig config, PeerClient peers) {
        this.config = config;
        this.peers = peers;
    }

    void start(@Observes StartupEvent event) {
        long every = config.peerHeartbeat().toMillis();
        if (every <= 0 || peers.names().isEmpty()) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "array-peer-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::beat, 0, every, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    /** A new one at every process start: a mediator tells a restarted array from one that was only slow. */
    public String bootId() {
        return bootId;
    }

    /** Every configured peer, as last seen (never contacted yet: unreachable, no contact time). */
    public Map<String, Status> all() {
        Map<String, Status> all = new TreeMap<>();
        for (String peer : peers.names()) {
            all.put(peer, statuses.getOrDefault(peer, new Status(false, null, null)));
        }
        return all;
    }

    /** Since when the peer has not answered, or null while it answers (or before the first heartbeat). */
    public Instant lostSince(String peer) {
        Status status = statuses.get(peer);
        return status == null || status.reachable() ? null : status.lostSince();
    }

    private void beat() {
        Duration timeout = config.peerTimeout().compareTo(MAX_TIMEOUT) < 0 ? config.peerTimeout() : MAX_TIMEOUT;
        for (String peer : peers.names()) {
            try {
                peers.health(peer, timeout);
                statuses.put(peer, new Status(true, Instant.now(), null));
            } catch (Exception e) {
                Status was = statuses.get(peer);
                if (was == null || was.reachable()) {
                    LOG.warnf("peer %s does not answer its heartbeat: %s", peer, e.getMessage());
                }
                statuses.put(peer, new Status(false, was == null ? null : was.lastContactAt(),
                        was == null || was.reachable() ? Instant.now() : was.lostSince()));
            }
        }
    }
}
