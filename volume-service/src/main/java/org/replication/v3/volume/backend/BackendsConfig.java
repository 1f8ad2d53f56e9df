package org.replication.v3.volume.backend;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
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

    /** Root under which file-based drivers keep their arrays. */
    String dataDir();

    /** How often each backend reports its capabilities and capacity. */
    Duration reportInterval();

    @WithDefault("nova")
    String availabilityZone();

    Map<String, Backend> backends();

    /** How replicating drivers track changes: the unit an async ship copies. */
    @WithDefault("65536")
    int replicationBlockSize();

    /** How often replication drivers look at their pairs: ship what is due, let the mediator decide, measure lag. */
    @WithDefault("1s")
    Duration replicationTick();

    /** How switches (failover, failback, reprotect) run: as tracked work, outside the command consumer. */
    SwitchWork switchWork();

    interface SwitchWork {

        /**
         * Volumes per driver call: each call's results are recorded and announced before the next call starts. A
         * chunk costs a transaction and an event to every service, so it is large enough for a 10,000-volume
         * failover to stay tens of calls, and small enough that an operator sees progress every few seconds.
         */
        @WithDefault("250")
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
         * The array the backend's volumes live on: a directory of that name under the data dir, which may be
         * another backend's replication target. Absent: an array named after the backend.
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

        /** Where the target array is; defaults to {@code <data-dir>/<backend_id>}. */
        Optional<String> arrayDir();

        Optional<String> defaultMode();

        Optional<Integer> defaultRpoSeconds();

        Optional<String> defaultSyncTopology();

        Optional<Boolean> defaultMediator();

        /** {@code backend} or {@code pool}: the whole backend, or the pools listed, replicate to this target. */
        Optional<String> replicate();

        Optional<List<String>> replicatedPools();
    }

    interface Pool {
        long capacityGb();
    }
}
