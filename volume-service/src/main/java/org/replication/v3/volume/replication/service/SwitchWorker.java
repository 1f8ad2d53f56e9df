package org.replication.v3.volume.replication.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;
import org.replication.v3.common.failover.SwitchVolumes;
import org.replication.v3.common.messaging.EventCodec;
import org.replication.v3.volume.assignment.HeldLeases;
import org.replication.v3.volume.assignment.repository.BackendLeases;
import org.replication.v3.volume.backend.Backend;
import org.replication.v3.volume.backend.Backends;
import org.replication.v3.volume.backend.BackendsConfig;
import org.replication.v3.volume.config.InboxConfig;
import org.replication.v3.volume.lifecycle.Volume;
import org.replication.v3.volume.replication.SwitchWork;
import org.replication.v3.volume.replication.repository.SwitchWorks;

/**
 * Runs the switch commands' tracked work, one worker per backend: that backend's work in the order it was
 * received, one at a time, a chunk of volumes per driver call (a replicated group's volumes in one call), outside any transaction and outside the command
 * consumer, so other commands (a create on the same backend) go on meanwhile. Woken when work is recorded; a
 * periodic sweep resumes what a crash or a failed step left unfinished.
 */
@ApplicationScoped
public class SwitchWorker {

    private static final Logger LOG = Logger.getLogger(SwitchWorker.class);

    private final Backends backends;
    private final SwitchWorks works;
    private final VolumeSwitching switching;
    private final ReplicationMonitor monitor;
    private final EventCodec codec;
    private final BackendsConfig.SwitchWork config;
    private final Duration retention;
    private final Map<String, Drain> drains = new ConcurrentHashMap<>();
    private final HeldLeases leases;

    /** One backend's worker: whether it is draining, whether it was woken meanwhile, since when its chunk runs. */
    private static final class Drain {
        final AtomicBoolean running = new AtomicBoolean();
        final AtomicBoolean woken = new AtomicBoolean();
        volatile Instant chunkSince;
    }

    public SwitchWorker(Backends backends, SwitchWorks works, VolumeSwitching switching, ReplicationMonitor monitor,
            EventCodec codec, BackendsConfig config, InboxConfig inbox, HeldLeases leases) {
        this.backends = backends;
        this.leases = leases;
        this.works = works;
        this.switching = switching;
        this.monitor = monitor;
        this.codec = codec;
        this.config = config.switchWork();
        this.retention = inbox.retention();
    }

    /**
     * Asks the backend's worker to run its unfinished work soon; call after the work's transaction commits. Only
     * the backend's lease holder runs its work: another instance's wake does nothing.
     */
    public void wake(Backend backend) {
        if (!backends.owns(backend)) {
            return;
        }
        Drain drain = drains.computeIfAbsent(backend.name(), name -> new Drain());
        drain.woken.set(true);
        if (drain.running.compareAndSet(false, true)) {
            // A fresh duplicated context, so the worker's sessions never mix with the caller's.
            Context context = VertxContext.createNewDuplicatedContext();
            VertxContextSafetyToggle.setContextSafe(context, true);
            context.runOnContext(ignored -> drain(backend, drain));
        }
    }

    /**
     * Whether the backend's worker is stuck: one driver call of a switch has run longer than
     * {@code volume.switch-work.stall-after}. Such a backend takes no switch and reports itself down.
     */
    public boolean wedged(Backend backend) {
        Drain drain = drains.get(backend.name());
        Instant since = drain == null ? null : drain.chunkSince;
        return since != null && since.plus(config.stallAfter()).isBefore(Instant.now());
    }

    @Scheduled(every = "${volume.switch-work.sweep-interval:5s}", delayed = "3s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> sweep() {
        return Panache.withSession(works::backendsWithWork)
                .invoke(names -> backends.owned().stream().filter(b -> names.contains(b.name())).forEach(this::wake))
                .onFailure().invoke(e -> LOG.warnf("switch work sweep failed: %s", e.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Finished work is kept as long as the inbox keeps its command's id (what it did is in the log and events). */
    @Scheduled(every = "${inbox.prune-interval}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> forgetDone() {
        return Panache.withTransaction(() -> works.forgetDoneBefore(Instant.now().minus(retention)))
                .invoke(deleted -> {
                    if (deleted > 0) {
                        LOG.infof("switch work: forgot %d finished more than %s ago", deleted, retention);
                    }
                })
                .onFailure().invoke(e -> LOG.warnf("switch work pruning failed, next sweep retries: %s",
                        e.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    private void drain(Backend backend, Drain drain) {
        drain.woken.set(false);
        Uni.createFrom().deferred(() -> runAll(backend, drain)).subscribe().with(
                done -> {
                    drain.running.set(false);
                    if (drain.woken.get()) {
                        wake(backend);
                    }
                },
                failure -> {
                    LOG.warnf(failure, "backend %s: switch work stopped, resumed at the next sweep: %s",
                            backend.name(), failure.getMessage());
                    drain.running.set(false);
                });
    }

    private Uni<Void> runAll(Backend backend, Drain drain) {
        // Pairs first: work resumed after a crash can come before the first replication tick.
        return monitor.restoreOnce()
                .chain(() -> Panache.withSession(() -> works.next(backend.name())))
                .chain(work -> work == null || !backends.owns(backend) ? Uni.createFrom().voidItem()
                        : run(backend, drain, work).chain(() -> runAll(backend, drain)));
    }

    private Uni<Void> run(Backend backend, Drain drain, SwitchWork work) {
        SwitchVolumes command = codec.data(codec.decode(work.command), SwitchVolumes.class);
        if (work.volumesDone > 0) {
            LOG.infof("operation %s: %s on %s resumed at %d/%d volumes", command.operationId(),
                    command.action().value(), command.host(), work.volumesDone, work.volumesTotal);
        }
        return Panache.withTransaction(() -> works.markRunning(work.id)
                        .chain(() -> chunkSize(command)))
                .chain(size -> chunks(backend, drain, work, command, work.volumesDone, size));
    }

    /**
     * Volumes per driver call: the configured chunk, unless the command holds volumes of a replicated group, which
     * switch together in one driver call so that the group stays crash-consistent.
     */
    private Uni<Integer> chunkSize(SwitchVolumes command) {
        if (command.volumeIds().isEmpty()) {
            return Uni.createFrom().item(config.chunkSize());
        }
        return Volume.count("id in ?1 and replicationGroupId is not null", command.volumeIds())
                .map(grouped -> grouped > 0 ? command.volumeIds().size() : config.chunkSize());
    }

    /**
     * The volumes from {@code from} on, a chunk per driver call; an empty command still gets its answer. The next
     * chunk's driver call starts as soon as this one's returns, and runs while this one's results are recorded: the
     * array's work and the database's overlap instead of adding up. Results are still recorded in order, so the
     * work's progress only counts recorded chunks: a crash repeats at most the call under way (idempotent).
     */
    private Uni<Void> chunks(Backend backend, Drain drain, SwitchWork work, SwitchVolumes command, int from,
            int size) {
        return start(backend, drain, command, from, size)
                .chain(driving -> chunks(backend, drain, work, command, from, size, driving))
                .eventually(() -> drain.chunkSince = null);
    }

    private Uni<Void> chunks(Backend backend, Drain drain, SwitchWork work, SwitchVolumes command, int from,
            int size, VolumeSwitching.Driving driving) {
        int end = Math.min(command.volumeIds().size(), from + size);
        return driving.result().replaceWithVoid()
                .chain(() -> end < command.volumeIds().size() ? start(backend, drain, command, end, size)
                        : Uni.createFrom().<VolumeSwitching.Driving>nullItem())
                .chain(next -> switching.recordChunk(command, backend, work.id, driving, end)
                        // A failed record leaves the next call to finish first: a resumed worker repeats it.
                        .onFailure().call(() -> next == null ? Uni.createFrom().voidItem()
                                : next.result().onFailure().recoverWithNull().replaceWithVoid())
                        .chain(() -> next == null ? Uni.createFrom().voidItem()
                                : chunks(backend, drain, work, command, end, size, next)));
    }

    /** Starts the driver call of the chunk from {@code from}, under the lease as held now. */
    private Uni<VolumeSwitching.Driving> start(Backend backend, Drain drain, SwitchVolumes command, int from,
            int size) {
        List<String> ids = command.volumeIds();
        int end = Math.min(ids.size(), from + size);
        // The chunk is driven and recorded under the lease as held now; a lost lease stops the work here (the new
        // holder resumes it), and a result recorded after a loss is rolled back.
        OptionalLong epoch = leases.epoch(backends.key(backend.name()));
        if (epoch.isEmpty()) {
            return Uni.createFrom().failure(new BackendLeases.LeaseLost("backend " + backends.key(backend.name())
                    + ": lease not held; switch work left to its holder"));
        }
        return switching.startChunk(command, backend, ids.subList(from, end), epoch.getAsLong())
                .invoke(driving -> {
                    drain.chunkSince = Instant.now();
                    driving.result().subscribe().with(done -> drain.chunkSince = null,
                            failed -> drain.chunkSince = null);
                });
    }
}
