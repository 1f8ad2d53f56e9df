package org.replication.v3.volume.assignment.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.VertxContextSupport;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.mutiny.core.Vertx;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.replication.v3.common.context.FreshContext;
import org.replication.v3.volume.assignment.AssignmentConfig;
import org.replication.v3.volume.assignment.HeldLeases;
import org.replication.v3.volume.assignment.repository.BackendLeases;
import org.replication.v3.volume.assignment.repository.WaitingCommands;
import org.replication.v3.volume.backend.Backend;
import org.replication.v3.volume.backend.Backends;
import org.replication.v3.volume.backend.BackendsConfig;
import org.replication.v3.volume.driver.filearray.ArrayClient;
import org.replication.v3.volume.lifecycle.messaging.VolumeCommandConsumer;
import org.replication.v3.volume.replication.service.ReplicationMonitor;
import org.replication.v3.volume.replication.service.SwitchWorker;

/**
 * Keeps this instance's backend leases (docs/sites.md section 3): every {@code volume.assignment.renew-every} it
 * renews each lease it holds and claims each backend nobody holds. The instance whose site is the site of a
 * backend's array claims it first; another waits one more lease, so at a cold start each site runs its own backend.
 * After a claim, before anything else, the new epoch is recorded on every array of the backend that answers
 * ({@code PUT /v1/controllers/{host@backend}}), so the previous holder's late calls are refused there; then the
 * backend's replicas are reloaded from the records, its waiting commands applied and its switch work resumed.
 */
@ApplicationScoped
public class BackendAssignment {

    private static final Logger LOG = Logger.getLogger(BackendAssignment.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Fencing an array after a claim, or probing it, waits this long at most: a dead array must not hold renewals. */
    private static final Duration ARRAY_CALL = Duration.ofSeconds(1);

    private final Backends backends;
    private final BackendsConfig config;
    private final AssignmentConfig assignment;
    private final HeldLeases leases;
    private final BackendLeases table;
    private final WaitingCommands waiting;
    private final VolumeCommandConsumer consumer;
    private final SwitchWorker switchWorker;
    private final ReplicationMonitor monitor;
    private final MeterRegistry registry;
    private final Vertx vertx;
    private final String inboxConsumer;
    private final long startedAt;
    /** Set at shutdown: no more claims or renewals. */
    private volatile boolean stopping;
    /** Leases whose local validity ran out unrenewed, logged once each. */
    private final Set<String> lapsed = ConcurrentHashMap.newKeySet();

    public BackendAssignment(Backends backends, BackendsConfig config, AssignmentConfig assignment, HeldLeases leases,
            BackendLeases table, WaitingCommands waiting, VolumeCommandConsumer consumer, SwitchWorker switchWorker,
            ReplicationMonitor monitor, MeterRegistry registry, Vertx vertx,
            @ConfigProperty(name = "quarkus.application.name") String inboxConsumer) {
        this.backends = backends;
        this.config = config;
        this.assignment = assignment;
        this.leases = leases;
        this.table = table;
        this.waiting = waiting;
        this.consumer = consumer;
        this.switchWorker = switchWorker;
        this.monitor = monitor;
        this.registry = registry;
        this.vertx = vertx;
        this.inboxConsumer = inboxConsumer;
        this.startedAt = leases.now();
    }

    @PostConstruct
    void gauge() {
        Gauge.builder("volume.assignment.owned", leases, held -> held.owned().size())
                .tag("instance", config.instance())
                .description("backends whose lease this instance holds now (it runs them)")
                .register(registry);
    }

    public String instance() {
        return config.instance();
    }

    /** The backends' keys this instance runs now. */
    public Set<String> owned() {
        return leases.owned();
    }

    /**
     * Renews every lease this instance holds. Apart from claiming, so that no claim (which fences arrays, a second
     * each at most) ever delays a renewal past the lease's local validity.
     */
    @Scheduled(every = "${volume.assignment.renew-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> renew() {
        return eachBackend(this::renew);
    }

    /** Claims every backend nobody holds (and this instance may claim now). */
    @Scheduled(every = "${volume.assignment.renew-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> claim() {
        return eachBackend(this::claim);
    }

    private Uni<Void> eachBackend(Function<Backend, Uni<Void>> step) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Backend backend : backends.all()) {
            chain = chain.chain(() -> stopping ? Uni.createFrom().voidItem() : step.apply(backend)
                    .onFailure().invoke(e -> LOG.warnf("backend %s: lease not kept this round: %s",
                            backends.key(backend.name()), e.getMessage()))
                    .onFailure().recoverWithNull().replaceWithVoid());
        }
        return chain;
    }

    private Uni<Void> renew(Backend backend) {
        String key = backends.key(backend.name());
        long sentAt = leases.now();
        OptionalLong claimed = leases.claimed(key);
        if (claimed.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        long epoch = claimed.getAsLong();
        if (!leases.owns(key) && lapsed.add(key)) {
            LOG.warnf("backend %s: lease at epoch %d ran out unrenewed; instance %s stops acting for it", key,
                    epoch, config.instance());
        }
        return Panache.withTransaction(() -> table.renew(key, config.instance(), epoch, assignment.lease()))
                .invoke(renewed -> {
                    if (!renewed) {
                        leases.lost(key);
                        lapsed.remove(key);
                        registry.counter("volume.assignment.losses", "instance", config.instance()).increment();
                        LOG.warnf("backend %s: lease lost at epoch %d: another instance holds it; instance %s"
                                + " stops acting for it", key, epoch, config.instance());
                        return;
                    }
                    leases.held(key, epoch, sentAt);
                    if (lapsed.remove(key)) {
                        LOG.infof("backend %s: lease at epoch %d renewed; instance %s acts for it again", key,
                                epoch, config.instance());
                    }
                })
                .replaceWithVoid();
    }

    private Uni<Void> claim(Backend backend) {
        String key = backends.key(backend.name());
        long sentAt = leases.now();
        if (leases.claimed(key).isPresent()) {
            return Uni.createFrom().voidItem();
        }
        boolean preferred = preferred(backend);
        // Another site's instance stands in only while the backend's own site has none alive: at a start, two
        // leases give the home instance time to boot and say so (volume_instance), whichever JVM is ready first.
        if (!preferred && leases.now() - startedAt < 2 * assignment.lease().toNanos()) {
            return Uni.createFrom().voidItem();
        }
        Duration wait = preferred ? assignment.margin() : assignment.margin().plus(assignment.lease());
        Uni<Boolean> homeAlive = preferred ? Uni.createFrom().item(false)
                : Panache.withSession(() -> table.aliveIn(site(backend), config.instance(),
                        assignment.lease().plus(assignment.margin())));
        return homeAlive.chain(alive -> alive ? Uni.createFrom().voidItem()
                : Panache.withTransaction(() -> table.claim(key, config.instance(), assignment.lease(), wait))
                        .chain(epoch -> epoch.isEmpty() ? Uni.createFrom().voidItem()
                                : takeOver(backend, key, epoch.getAsLong(), sentAt)));
    }

    /** Whether this instance is in the site of the backend's array (or names no site, so runs everything). */
    boolean preferred(Backend backend) {
        return config.site().isEmpty() || site(backend).equals(config.site().get());
    }

    /** The site of the backend's array: where its home instance runs. */
    private String site(Backend backend) {
        String array = config.backends().get(backend.name()).array().orElse(backend.name());
        BackendsConfig.Array configured = config.arrays().get(array);
        return configured == null ? array : configured.site().orElse(array);
    }

    /**
     * The arrays fenced, the lease is this instance's to act on; what a takeover does next runs beside the rounds,
     * which must go on renewing meanwhile.
     */
    private Uni<Void> takeOver(Backend backend, String key, long claimedEpoch, long sentAt) {
        return fence(backend, key, claimedEpoch)
                .invoke(epoch -> {
                    leases.held(key, epoch, sentAt);
                    lapsed.remove(key);
                    registry.counter("volume.assignment.claims", "instance", config.instance()).increment();
                    LOG.infof("backend %s: claimed at epoch %d by instance %s (site %s)", key, epoch,
                            config.instance(), config.site().orElse("-"));
                    // A fresh duplicated context, so its sessions never mix with the round's.
                    Context context = VertxContext.createNewDuplicatedContext();
                    VertxContextSafetyToggle.setContextSafe(context, true);
                    context.runOnContext(ignored -> afterClaim(backend).subscribe().with(
                            done -> LOG.debugf("backend %s: taken over", key),
                            failure -> LOG.warnf(failure, "backend %s: takeover incomplete, the next rounds and"
                                    + " sweeps resume it: %s", key, failure.getMessage())));
                })
                .replaceWithVoid();
    }

    /** The backend's replicas as recorded now, the commands kept for it, then its unfinished switch work. */
    private Uni<Void> afterClaim(Backend backend) {
        return monitor.restoreBackend(backend)
                .chain(() -> applyWaiting(backend, true))
                .invoke(() -> switchWorker.wake(backend));
    }

    /** Commands kept for an owned backend that its own consumer has not applied in time: applied here. */
    @Scheduled(every = "${volume.assignment.renew-every}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> applyWaiting() {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Backend backend : backends.owned()) {
            chain = chain.chain(() -> applyWaiting(backend, false));
        }
        return chain.onFailure().invoke(e -> LOG.warnf("kept commands not applied, the next round retries: %s",
                e.getMessage())).onFailure().recoverWithNull().replaceWithVoid();
    }

    /**
     * Records the epoch on every array of the backend that answers. An array that knows a higher epoch for the key
     * (the database forgot it: restored from a backup, or new) would refuse every call: the lease's epoch is moved
     * past it and recorded again. The epoch the arrays know.
     */
    private Uni<Long> fence(Backend backend, String key, long epoch) {
        return vertx.executeBlocking(Uni.createFrom().item(() -> fenceArrays(backend, key, epoch)), false)
                .chain(known -> {
                    if (known < epoch) {
                        return Uni.createFrom().item(epoch);
                    }
                    LOG.infof("backend %s: an array knows epoch %d; the lease moves past it", key, known);
                    return Panache.withTransaction(() -> table.raise(key, config.instance(), epoch, known))
                            .chain(raised -> {
                                if (raised.isEmpty()) {
                                    return Uni.createFrom().failure(new BackendLeases.LeaseLost("backend " + key
                                            + ": lease lost while its epoch was raised"));
                                }
                                long next = raised.getAsLong();
                                return vertx.executeBlocking(Uni.createFrom().item(() ->
                                                fenceArrays(backend, key, next)), false)
                                        .map(again -> {
                                            if (again >= next) {
                                                throw new BackendLeases.LeaseLost("backend " + key + ": an array"
                                                        + " knows epoch " + again + " above " + next);
                                            }
                                            return next;
                                        });
                            });
                });
    }

    /** The highest epoch an array knew above {@code epoch} (refusing it), or {@code epoch - 1} when none did. */
    private long fenceArrays(Backend backend, String key, long epoch) {
        long known = epoch - 1;
        for (ArrayClient array : backends.arraysOf(backend)) {
            try {
                array.putController(key, epoch, ARRAY_CALL);
            } catch (ArrayClient.Refused e) {
                if (!"staleController".equals(e.kind())) {
                    LOG.warnf("backend %s: array %s did not record epoch %d: %s", key, array.name(), epoch,
                            e.getMessage());
                    continue;
                }
                try {
                    known = Math.max(known, array.controllerEpoch(key, ARRAY_CALL));
                } catch (IOException unread) {
                    known = Math.max(known, epoch);
                }
            } catch (IOException e) {
                // It refuses the lower epoch anyway as soon as a call at this one reaches it.
                LOG.infof("backend %s: array %s not fenced at epoch %d, it does not answer: %s", key, array.name(),
                        epoch, e.getMessage());
            }
        }
        return known;
    }

    /**
     * Applies the backend's commands that arrived while this instance did not own it, and forgets those its owner
     * applied. Right after a claim all of them; otherwise only those that waited longer than
     * {@code volume.assignment.replay-after} (this instance's own copy of a command goes through its consumer as
     * usual).
     */
    private Uni<Void> applyWaiting(Backend backend, boolean all) {
        String key = backends.key(backend.name());
        long patience = Math.max(assignment.lease().toMillis(), assignment.replayAfter().toMillis());
        return Panache.withTransaction(() -> waiting.forgetApplied(key, inboxConsumer))
                .chain(() -> Panache.withSession(() -> waiting.waiting(key)))
                .chain(rows -> {
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (WaitingCommands.Waiting row : rows) {
                        if (all || row.waitedMillis() >= patience) {
                            chain = chain.chain(() -> {
                                if (!leases.owns(key)) {
                                    return Uni.createFrom().voidItem();
                                }
                                LOG.infof("backend %s: applying command %s, which arrived while instance %s did"
                                        + " not own it", key, row.messageId(), config.instance());
                                // On a context of its own: the consumer applies its own commands meanwhile.
                                return FreshContext.run(() -> consumer.replay(row.record())
                                        .chain(() -> Panache.withTransaction(() -> waiting.forget(row.seq()))));
                            });
                        }
                    }
                    return chain;
                });
    }

    /**
     * A stop gives the leases up, so that another instance takes the backends over at its next round rather than
     * after the lease runs out. Best effort: a crash simply leaves them to expire.
     */
    void release(@Observes ShutdownEvent event) {
        stopping = true;
        for (String key : leases.owned()) {
            long epoch = leases.claimed(key).orElseThrow();
            leases.lost(key);
            try {
                VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> table.release(key,
                        config.instance(), epoch)).ifNoItem().after(ARRAY_CALL.multipliedBy(2)).fail());
                LOG.infof("backend %s: lease at epoch %d released by instance %s at its stop", key, epoch,
                        config.instance());
            } catch (Throwable e) {
                LOG.warnf("backend %s: lease not released at the stop, it runs out instead: %s", key,
                        e.getMessage());
            }
        }
    }

    /** Writes which arrays this instance reaches, for its peers and operators (table {@code volume_instance}). */
    @Scheduled(every = "${volume.assignment.renew-every}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> reportReach() {
        return vertx.executeBlocking(Uni.createFrom().item(this::reaches), false)
                .chain(reaches -> Panache.withTransaction(() -> table.seen(config.instance(),
                        config.site().orElse(config.instance()), reaches)))
                .onFailure().invoke(e -> LOG.debugf("instance %s: reach not recorded: %s", config.instance(),
                        e.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    private String reaches() {
        ObjectNode reaches = JSON.createObjectNode();
        for (Map.Entry<String, ArrayClient> array : backends.arrays().entrySet()) {
            reaches.put(array.getKey(), array.getValue().answers(ARRAY_CALL));
        }
        return reaches.toString();
    }
}
