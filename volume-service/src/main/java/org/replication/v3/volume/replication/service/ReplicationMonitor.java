package org.replication.v3.volume.replication.service;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.replication.v3.common.messaging.TopicNames;
import org.replication.v3.common.outbox.Outbox;
import org.replication.v3.common.outbox.OutboxRelay;
import org.replication.v3.common.replication.MediatorDecidedV2;
import org.replication.v3.common.replication.ReplicationLagChanged;
import org.replication.v3.common.replication.ReplicationLagChangedV2;
import org.replication.v3.common.replication.ReplicationLagSnapshot;
import org.replication.v3.common.replication.ReplicationStatus;
import org.replication.v3.volume.backend.Backend;
import org.replication.v3.volume.backend.Backends;
import org.replication.v3.volume.backend.BackendsConfig;
import org.replication.v3.volume.assignment.HeldLeases;
import org.replication.v3.volume.assignment.repository.BackendLeases;
import org.replication.v3.volume.driver.LagLevel;
import org.replication.v3.volume.driver.MediatorDecision;
import org.replication.v3.volume.driver.ReplicaState;
import org.replication.v3.volume.driver.ReplicatedVolume;
import org.replication.v3.volume.driver.ReplicationLag;
import org.replication.v3.volume.driver.RestoredReplica;
import org.replication.v3.volume.lifecycle.Volume;
import org.replication.v3.volume.lifecycle.repository.Volumes;
import org.replication.v3.volume.replication.repository.MediatorCursors;

/**
 * Every replication tick: lets each backend's replication driver do its periodic duties, records what its
 * mediator decided, and watches each replicated volume's lag. A lag changing level (1x, 2x, 3x the RPO) becomes a
 * {@code volume.replication-lag-changed.v2}, a log line and the level recorded on the volume row (so a restart
 * does not announce it again); a crossing of 2x or 3x also becomes the v1 event its consumers know. What changed
 * in the lag since the last tick goes out per backend as a {@code volume.replication-lag-snapshot.v1}, from which
 * the API shows the current lag. Gauges: {@code replication.lag.seconds} and {@code replication.lag.ratio} per
 * volume, {@code replication.lag.volumes} per backend and level.
 *
 * <p>The first tick after a start restores the replication of this host's replicated volumes (drivers keep pairs
 * in memory; this service records the state to restore).
 */
@ApplicationScoped
public class ReplicationMonitor {

    private static final Logger LOG = Logger.getLogger(ReplicationMonitor.class);

    /**
     * The replication statuses of volumes a driver replicates: enabled (the primary or, reprotected, the target
     * serving), failed over, and a failed switch (which leaves the pair as it was). Disabled, error (never
     * replicated) and the transitional statuses of other services have no pair to restore.
     */
    private static final List<ReplicationStatus> WITH_REPLICA = List.of(ReplicationStatus.ENABLED,
            ReplicationStatus.FAILED_OVER, ReplicationStatus.FAILOVER_ERROR);

    private final Backends backends;
    private final Outbox outbox;
    private final OutboxRelay relay;
    private final TopicNames topics;
    private final MeterRegistry registry;
    private final Vertx vertx;
    private final Volumes volumes;
    /** The level last published per volume, loaded from the volume rows at the start. */
    private final Map<String, LagLevel> levels = new ConcurrentHashMap<>();
    /** What the last snapshot said of each volume; empty after a start, so the first tick tells everything. */
    private final Map<String, Shipped> shipped = new ConcurrentHashMap<>();
    private final Map<String, Double> lagSeconds = new ConcurrentHashMap<>();
    private final Map<String, Double> ratios = new ConcurrentHashMap<>();
    private final Map<String, Map<LagLevel, AtomicInteger>> volumesPerLevel = new ConcurrentHashMap<>();
    private volatile boolean restored;

    /** One tick's findings, per backend, observed under the backend's lease at {@code epoch}. */
    private record Findings(Backend backend, long epoch, List<MediatorDecision> decisions,
            OptionalLong mediatorCursor, Map<String, ReplicationLag> lag, Instant observedAt) {
    }

    /** A volume's lag as a snapshot told it. */
    private record Shipped(Instant lastConsistentAt, boolean pending, LagLevel level) {

        static Shipped of(ReplicationLag lag) {
            return new Shipped(lag.lastConsistentAt(), lag.pending(), lag.level());
        }

        /**
         * Whether the API's view of the lag is out of date: the level or the pending state changed, or the last
         * consistent instant did. A sync pair in step holds every write on both sides, so its last consistent
         * instant is always now: it is not shipped each tick, the API shows a lag of 0 for it anyway.
         */
        boolean outdatedBy(ReplicationLag lag) {
            if (level != lag.level() || pending != lag.pending()) {
                return true;
            }
            boolean syncInStep = !lag.pending() && lag.rpo() == null;
            return !syncInStep && !Objects.equals(lastConsistentAt, lag.lastConsistentAt());
        }
    }

    private final MediatorCursors cursors;
    /** Each backend's mediator cursor as stored last, so that an unchanged one is not written again. */
    private final Map<String, Long> storedCursors = new ConcurrentHashMap<>();

    private final HeldLeases leases;
    private final BackendLeases leaseTable;
    private final String instance;

    public ReplicationMonitor(Backends backends, Outbox outbox, OutboxRelay relay, TopicNames topics,
            MeterRegistry registry, Vertx vertx, Volumes volumes, MediatorCursors cursors, HeldLeases leases,
            BackendLeases leaseTable, BackendsConfig config) {
        this.backends = backends;
        this.leases = leases;
        this.leaseTable = leaseTable;
        this.instance = config.instance();
        this.outbox = outbox;
        this.relay = relay;
        this.topics = topics;
        this.registry = registry;
        this.vertx = vertx;
        this.volumes = volumes;
        this.cursors = cursors;
    }

    @Scheduled(every = "${volume.replication-tick}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> tick() {
        return restoreOnce()
                .flatMap(v -> vertx.executeBlocking(Uni.createFrom().item(this::observe), false))
                .flatMap(this::record)
                .onFailure().invoke(e -> LOG.warnf(e, "replication tick failed: %s", e.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Only the backends whose lease this instance holds: another instance watches (and records) the others. */
    private List<Findings> observe() {
        List<Findings> findings = new ArrayList<>();
        for (Backend backend : backends.all()) {
            OptionalLong epoch = leases.epoch(backends.key(backend.name()));
            if (epoch.isEmpty()) {
                continue;
            }
            backend.replication().ifPresent(driver -> {
                List<MediatorDecision> decisions = driver.housekeeping();
                findings.add(new Findings(backend, epoch.getAsLong(), decisions, driver.mediatorCursor(),
                        driver.lag(), Instant.now()));
            });
        }
        return findings;
    }

    private Uni<Void> record(List<Findings> findings) {
        List<Supplier<Uni<Void>>> writes = new ArrayList<>();
        // Remembered once the writes are committed: what a failed transaction lost, the next tick sends again.
        Map<String, LagLevel> published = new LinkedHashMap<>();
        Map<String, Shipped> told = new LinkedHashMap<>();
        for (Findings found : findings) {
            String host = backends.host() + "@" + found.backend().name();
            // Recorded only while this instance still holds the lease it observed under.
            writes.add(() -> leaseTable.checkHeld(host, instance, found.epoch()));
            for (MediatorDecision decision : found.decisions()) {
                writes.add(() -> recordDecision(host, decision));
            }
            String name = found.backend().name();
            found.mediatorCursor().ifPresent(cursor -> {
                if (storedCursors.getOrDefault(name, 0L) != cursor) {
                    // In the transaction of the decisions' events: a crash before it commits reads them again.
                    writes.add(() -> cursors.save(name, cursor).invoke(() -> storedCursors.put(name, cursor)));
                }
            });
            Map<LagLevel, Integer> perLevel = new EnumMap<>(LagLevel.class);
            List<ReplicationLagSnapshot.Entry> changed = new ArrayList<>();
            found.lag().forEach((volumeId, lag) -> {
                gauges(volumeId, host);
                lagSeconds.put(volumeId, lag.lagSeconds());
                Double ratio = lag.ratio();
                ratios.put(volumeId, ratio != null ? ratio : lag.pending() ? Double.POSITIVE_INFINITY : 0.0);
                perLevel.merge(lag.level(), 1, Integer::sum);
                LagLevel previous = levels.getOrDefault(volumeId, LagLevel.OK);
                if (previous != lag.level()) {
                    writes.add(() -> recordLag(host, volumeId, previous, lag, found.observedAt()));
                    published.put(volumeId, lag.level());
                }
                Shipped before = shipped.get(volumeId);
                if (before == null || before.outdatedBy(lag)) {
                    changed.add(new ReplicationLagSnapshot.Entry(volumeId, lag.lastConsistentAt(), lag.pendingBytes(),
                            lag.peerLostSince(), lag.level().published()));
                    told.put(volumeId, Shipped.of(lag));
                }
            });
            countPerLevel(host, perLevel);
            for (int from = 0; from < changed.size(); from += ReplicationLagSnapshot.MAX_VOLUMES) {
                ReplicationLagSnapshot snapshot = new ReplicationLagSnapshot(host, found.observedAt(), List.copyOf(
                        changed.subList(from, Math.min(changed.size(), from + ReplicationLagSnapshot.MAX_VOLUMES))));
                writes.add(() -> outbox.add(topics.volumeEvents(), snapshot).replaceWithVoid());
            }
        }
        if (writes.size() == findings.size()) {
            return Uni.createFrom().voidItem();
        }
        // One session runs one statement at a time: the writes go one after the other.
        return Panache.withTransaction(() -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (Supplier<Uni<Void>> write : writes) {
                chain = chain.chain(write::get);
            }
            return chain;
        }).invoke(() -> {
            levels.putAll(published);
            shipped.putAll(told);
            relay.wake();
        });
    }

    /**
     * A decision as v2 records of at most {@link MediatorDecidedV2#MAX_VOLUMES} volumes each: a site loss of
     * 10,000 volumes is ten records for the replication-service to act on, not 10,000.
     */
    private Uni<Void> recordDecision(String host, MediatorDecision decision) {
        List<MediatorDecidedV2.Entry> entries = decision.volumes().stream()
                .map(v -> new MediatorDecidedV2.Entry(v.volumeId(), v.kind(), v.promoted())).toList();
        Map<String, Long> kinds = decision.volumes().stream().collect(Collectors.groupingBy(
                v -> v.kind().value() + (v.promoted() ? " (target promoted)" : ""), TreeMap::new,
                Collectors.counting()));
        LOG.warnf("backend %s: mediator decision %s: %s %s (%s)", host, decision.decisionId(), decision.verdict(),
                kinds, decision.reason());
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (int from = 0; from < entries.size(); from += MediatorDecidedV2.MAX_VOLUMES) {
            MediatorDecidedV2 record = new MediatorDecidedV2(host, decision.decisionId(), decision.verdict(),
                    decision.reason(), decision.detectedAt(), decision.decidedAt(), List.copyOf(entries.subList(from,
                            Math.min(entries.size(), from + MediatorDecidedV2.MAX_VOLUMES))));
            chain = chain.chain(() -> outbox.add(topics.volumeEvents(), record).replaceWithVoid());
        }
        return chain;
    }

    /**
     * A level change: v2 always, v1 when the change crosses twice or three times the RPO (a breach below twice is
     * ok in v1, as v1 has always defined it), and the level on the volume row.
     */
    private Uni<Void> recordLag(String host, String volumeId, LagLevel previous, ReplicationLag lag,
            Instant observedAt) {
        return Volume.<Volume>findById(volumeId).flatMap(volume -> {
            Integer rpo = volume == null ? null : volume.replicationRpoSeconds;
            LagLevel level = lag.level();
            if (level == LagLevel.OK) {
                LOG.infof("volume %s: replication lag back within its RPO (%.1f s)", volumeId, lag.lagSeconds());
            } else {
                registry.counter("replication.lag.breaches", "level", level.published().value()).increment();
                if (rpo == null) {
                    LOG.warnf("volume %s: sync replica not mirroring for %.1f s, %d bytes to resync", volumeId,
                            lag.lagSeconds(), lag.pendingBytes());
                } else {
                    LOG.warnf("volume %s: replication lag %s: %.1f s against an RPO of %d s, %d bytes pending",
                            volumeId, level.published().value(), lag.lagSeconds(), rpo, lag.pendingBytes());
                }
            }
            if (volume != null) {
                volume.replicationLagLevel = level.published();
            }
            Uni<Void> v2 = outbox.add(topics.volumeEvents(), new ReplicationLagChangedV2(volumeId, host,
                    level.published(), previous.published(), lag.ratio(), lag.lagSeconds(), rpo, lag.pendingBytes(),
                    lag.lastConsistentAt(), observedAt)).replaceWithVoid();
            if (previous.v1() == level.v1()) {
                return v2;
            }
            return v2.chain(() -> outbox.add(topics.volumeEvents(), new ReplicationLagChanged(volumeId, host,
                    level.v1(), lag.lagSeconds(), rpo, lag.pendingBytes(), lag.lastSyncAt())).replaceWithVoid());
        });
    }

    private void gauges(String volumeId, String host) {
        if (!lagSeconds.containsKey(volumeId)) {
            lagSeconds.put(volumeId, 0.0);
            Gauge.builder("replication.lag.seconds", lagSeconds, m -> m.getOrDefault(volumeId, 0.0))
                    .tags("volume_id", volumeId, "host", host)
                    .description("age of the oldest write the volume's replica lacks")
                    .register(registry);
            Gauge.builder("replication.lag.ratio", ratios, m -> m.getOrDefault(volumeId, 0.0))
                    .tags("volume_id", volumeId, "host", host)
                    .description("the replication lag over the volume's RPO (above 1 the RPO is breached;"
                            + " infinite for a sync replica not mirroring)")
                    .register(registry);
        }
    }

    /** The {@code replication.lag.volumes} gauges of a backend: how many of its volumes are at each level. */
    private void countPerLevel(String host, Map<LagLevel, Integer> perLevel) {
        Map<LagLevel, AtomicInteger> counts = volumesPerLevel.computeIfAbsent(host, h -> {
            Map<LagLevel, AtomicInteger> created = new EnumMap<>(LagLevel.class);
            for (LagLevel level : LagLevel.values()) {
                AtomicInteger count = new AtomicInteger();
                created.put(level, count);
                Gauge.builder("replication.lag.volumes", count, AtomicInteger::get)
                        .tags("host", h, "level", level.published().value())
                        .description("replicated volumes of the backend at the lag level")
                        .register(registry);
            }
            return created;
        });
        counts.forEach((level, count) -> count.set(perLevel.getOrDefault(level, 0)));
    }

    /**
     * After a start: the replication of this host's replicated volumes is restored as this service recorded it
     * (the side serving each, the primary fenced while failed over). Called by the first tick and before any
     * switch: a failover command redelivered after a crash must find its pairs.
     */
    public Uni<Void> restoreOnce() {
        if (restored) {
            return Uni.createFrom().voidItem();
        }
        return Panache.withSession(() -> volumes.onHostWithReplicationStatus(backends.host(), WITH_REPLICA)
                        .flatMap(replicated -> cursors.all().invoke(storedCursors::putAll).replaceWith(replicated)))
                .flatMap(volumes -> vertx.executeBlocking(Uni.createFrom().item(() -> restoreAll(volumes)), false))
                .replaceWithVoid();
    }

    /**
     * After this instance claimed a backend: its replicated volumes as recorded now (another instance may have
     * replicated, switched or deleted volumes since this one started), and its mediator cursor.
     */
    public Uni<Void> restoreBackend(Backend backend) {
        if (backend.replication().isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Panache.withSession(() -> volumes.onBackendWithReplicationStatus(backends.key(backend.name()),
                                WITH_REPLICA)
                        .flatMap(replicated -> cursors.all().invoke(storedCursors::putAll).replaceWith(replicated)))
                .flatMap(replicated -> vertx.executeBlocking(Uni.createFrom().item(() -> {
                    backend.replication().get().restoreReplication(replicated.stream()
                            .map(ReplicationMonitor::replicaState).toList());
                    backend.replication().get().resumeMediatorAfter(storedCursors.getOrDefault(backend.name(), 0L));
                    return replicated.size();
                }), false))
                .invoke(count -> LOG.infof("backend %s: %d replicated volumes loaded after its claim",
                        backends.key(backend.name()), count))
                .replaceWithVoid();
    }

    /** Whether {@link #restoreOnce} has run: until then this host's replicated volumes have no pairs. */
    public boolean restored() {
        return restored;
    }

    /** Whether a volume of this replication status has a pair (a driver replicates it). */
    public static boolean hasReplica(ReplicationStatus replicationStatus) {
        return replicationStatus != null && WITH_REPLICA.contains(replicationStatus);
    }

    /** Once, even when the tick and a switch both ask at the start. */
    private synchronized List<RestoredReplica> restoreAll(List<Volume> volumes) {
        if (restored) {
            return List.of();
        }
        long started = System.nanoTime();
        // The levels published before the stop: the first measures are compared with them, not announced anew.
        volumes.stream().filter(v -> v.replicationLagLevel != null)
                .forEach(v -> levels.put(v.id, LagLevel.valueOf(v.replicationLagLevel.name())));
        Map<String, List<ReplicaState>> byBackend = new LinkedHashMap<>();
        volumes.forEach(v -> byBackend.computeIfAbsent(v.backend, b -> new ArrayList<>()).add(replicaState(v)));
        List<RestoredReplica> results = new ArrayList<>();
        byBackend.forEach((name, states) -> backends.all().stream().filter(b -> b.name().equals(name)).findFirst()
                .flatMap(Backend::replication)
                .ifPresent(driver -> results.addAll(driver.restoreReplication(states))));
        // After the volumes are known: resuming reads the mediator's earlier decisions about them.
        backends.all().forEach(backend -> backend.replication().ifPresent(driver ->
                driver.resumeMediatorAfter(storedCursors.getOrDefault(backend.name(), 0L))));
        restored = true;
        if (!results.isEmpty()) {
            LOG.infof("replication of %d volumes restored after start in %d ms: %d bytes copied, %d failed",
                    results.size(), (System.nanoTime() - started) / 1_000_000,
                    results.stream().mapToLong(RestoredReplica::copiedBytes).sum(),
                    results.stream().filter(r -> r.error() != null).count());
        }
        return results;
    }

    /** What this service recorded of a replicated volume, as its driver restores it. */
    static ReplicaState replicaState(Volume volume) {
        ReplicatedVolume replicated = volume.asReplicated();
        boolean servedByTarget = Volume.SECONDARY_SIDE.equals(volume.replicationActiveSide);
        // Failed over (or a failback of it failed): the primary stays fenced until a reprotect or failback; a
        // reprotected volume is enabled again, the target serving and replicating to the primary.
        boolean primaryFenced = servedByTarget
                && volume.replicationStatus != ReplicationStatus.ENABLED;
        return new ReplicaState(replicated, volume.replicationTarget, volume.replicationGroupId, servedByTarget,
                primaryFenced);
    }
}
