package org.replication.v3.array.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * One process is one array at one site: its name, where it keeps volumes and state, who may call it, and the peer
 * arrays it replicates to ({@code array.peers.<name>.url}).
 */
@ConfigMapping(prefix = "array")
public interface ArrayConfig {

    /** This array's name, e.g. {@code site-b}: what its peers call it. */
    String name();

    /** Volumes' bytes, their state files and change logs live here; nothing else is needed to restart. */
    String dataDir();

    Admin admin();

    /** Peer arrays by name. */
    Map<String, Peer> peers();

    /** The unit a change log and a shipped image count in. */
    @WithDefault("4096")
    int blockSize();

    /** How long a call to a peer may take before the peer counts as unreachable. */
    @WithDefault("3s")
    Duration peerTimeout();

    /** How often the background task looks for async pairs due to ship (each ships at half its RPO). */
    @WithDefault("200ms")
    Duration shipTick();

    /**
     * How often each served, paired volume asks its peer for the peer's generation, so that an array failed away
     * from while it was down learns it without waiting for a write. 0 turns the probe off.
     */
    @WithDefault("5s")
    Duration peerProbe();

    /**
     * How often this array asks each peer for its health ({@code GET /v1/health}, 1 s timeout at most), on a thread
     * of its own: what {@code /v1/health} reports as the peers' reachability and pairs as {@code peer_lost_since}.
     */
    @WithDefault("500ms")
    Duration peerHeartbeat();

    /**
     * How long a sync write of a mediated pair whose peer is unreachable waits for the mediator's promote of this
     * side with {@code peer_lost} before it fails (503). Pairs without a mediator fail at once.
     */
    @WithDefault("6s")
    Duration syncHold();

    /** How often an async primary tells its peer what the peer lacks (pending reports); also sent with each image. */
    @WithDefault("1s")
    Duration pendingReport();

    interface Admin {

        /** The shared secret callers send in {@code X-Auth-Token}; none: every /v1 call is refused. */
        Optional<String> token();
    }

    interface Peer {

        /** Base URL of the peer's API, e.g. {@code http://127.0.0.1:8791}. */
        String url();

        /** The token the peer expects; by default this array's own. */
        Optional<String> token();
    }
}
