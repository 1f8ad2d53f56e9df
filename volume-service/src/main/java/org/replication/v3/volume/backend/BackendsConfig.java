package org.replication.v3.volume.backend;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The backends this volume-service hosts, configured the way cinder.conf's {@code enabled_backends}
 * sections are: each with its driver ({@code volume_driver}) and pools.
 */
@ConfigMapping(prefix = "volume")
public interface BackendsConfig {

    /** This service's host name: volumes live at {@code host@backend#pool}. */
    String host();

    /**
     * This process among the volume-services that share the host (one per site): its capability reports name it,
     * because what a report says is reachable is what this process reaches. Unique per process.
     */
    @WithDefault("node1")
    String instance();

    /**
     * The site this process runs in: it is the preferred holder of the lease of every backend whose array is in
     * this site (docs/sites.md section 3). Absent: preferred for every backend (one instance runs them all).
     */
    Optional<String> site();

    /**
     * The reference arrays this service's backends use, by name (module {@code reference-array}, one process per
     * site): where each one's management API answers, and its token.
     */
    Map<String, Array> arrays();

    /**
     * The mediator (module {@code mediator}, in a third failure domain) whose decisions about the arrays' pairs this
     * service records; absent: no mediator, so no volume fails over by itself.
     */
    Optional<Mediator> mediator();

    /** How often each backend reports its capabilities and capacity. */
    Duration reportInterval();

    @WithDefault("nova")
    String availabilityZone();

    Map<String, Backend> backends();

    /**
     * The backends this process hosts, as cinder.conf's {@code enabled_backends}: a deployment configures every
     * backend it knows of and enables some (the second cloud of docs/cross-cloud.md hosts only {@code dr}). Absent:
     * every configured backend.
     */
    Optional<List<String>> enabledBackends();

    /** How often replication drivers look at their pairs: ship what is due, let the mediator decide, measure lag. */
    @WithDefault("1s")
    Duration replicationTick();

    /** How switches (failover, failback, reprotect) run: as tracked work, outside the command consumer. */
    SwitchWork switchWork();

    interface SwitchWork {

        /**
         * Volumes per driver call: each call's results are recorded and announced in order (the next call runs
         * meanwhile). A chunk costs a transaction, an event to every service and the array's fixed cost per call, so
         * it is as large as the replication-service's commands ({@code replication.switch-batch-size}, 1,000): a
         * 10,000-volume failover is ten calls, each answer event about 200 KB (under Kafka's 1 MB), and an operator
         * still sees progress every second or so.
         */
        @WithDefault("1000")
        int chunkSize();

        /**
         * A driver call of a switch running longer than this wedges its backend: the backend stops heartbeating,
         * so os-services shows it down.
         */
        @WithDefault("10m")
        Duration stallAfter();

        /** How often unfinished work is looked for (after a start, or a failed step). */
        @WithDefault("5s")
        Duration sweepInterval();
    }

    interface Backend {

        /** Driver name, as {@code volume_driver}; {@code filearray} is the reference driver. */
        String driver();

        /** What volume types match with the {@code volume_backend_name} extra spec. */
        String volumeBackendName();

        /**
         * The array the backend's volumes live on, a key of {@code volume.arrays}; it may be another backend's
         * replication target. Absent: the array named after the backend.
         */
        Optional<String> array();

        Map<String, Pool> pools();

        /** Fault injection for tests and drills: every driver create takes at least this long. */
        @WithDefault("0s")
        Duration createDelay();

        /**
         * Fault injection for tests and drills: every driver failover or failback call (one batch of volumes) takes
         * at least this long, so that a crash can be placed in the middle of an operation.
         */
        @WithDefault("0s")
        Duration switchDelay();

        /** Replication targets by backend_id, as cinder.conf's {@code replication_device} entries. */
        Map<String, ReplicationDevice> replicationDevices();
    }

    /**
     * One replication target of a backend: what the pair can do (reported as a replication target) and the
     * backend's defaults for its volumes (the backend level of replication precedence). Values are spelled as in
     * extra specs (sync, async, active_passive, ...).
     */
    interface ReplicationDevice {

        @WithDefault("async")
        List<String> modes();

        /** Whether the target is in another OpenStack cloud. */
        @WithDefault("false")
        boolean crossOs();

        Optional<List<String>> syncTopologies();

        @WithDefault("false")
        boolean mediator();

        Optional<Integer> minRpoSeconds();

        Optional<String> availabilityZone();

        @WithDefault("volume,group,pool,backend")
        List<String> scopes();

        /** The target's array, a key of {@code volume.arrays}; absent: the array named after the backend_id. */
        Optional<String> array();

        Optional<String> defaultMode();

        Optional<Integer> defaultRpoSeconds();

        Optional<String> defaultSyncTopology();

        Optional<Boolean> defaultMediator();

        /** {@code backend} or {@code pool}: the whole backend, or the pools listed, replicate to this target. */
        Optional<String> replicate();

        Optional<List<String>> replicatedPools();
    }

    interface Array {

        /** The array's management API, e.g. {@code http://127.0.0.1:8791}. */
        URI url();

        /** Its shared secret ({@code X-Auth-Token}); or {@link #tokenFile()}. */
        Optional<String> token();

        /** A file holding the token, for secrets mounted or generated at start. */
        Optional<String> tokenFile();

        /** How long a call may take before the array counts as unreachable. */
        @WithDefault("3s")
        Duration timeout();

        /** The site the array is in (a failure domain); absent: the array's name. */
        Optional<String> site();
    }

    interface Mediator {

        URI url();

        /** Its token for reading decisions; or {@link #tokenFile()}. */
        Optional<String> token();

        Optional<String> tokenFile();

        /** Default 3 s. Not a {@code @WithDefault}: a default would make the optional group always present. */
        Optional<Duration> timeout();
    }

    interface Pool {
        long capacityGb();
    }
}
