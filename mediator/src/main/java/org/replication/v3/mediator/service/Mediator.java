package org.replication.v3.mediator.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.replication.v3.mediator.array.ArrayCallException;
import org.replication.v3.mediator.array.ArrayClient;
import org.replication.v3.mediator.config.MediatorConfig;
import org.replication.v3.mediator.journal.DecisionJournal;
import org.replication.v3.mediator.verdict.Action;
import org.replication.v3.mediator.verdict.ArrayPair;
import org.replication.v3.mediator.verdict.Decision;
import org.replication.v3.mediator.verdict.MediatorVerdicts;
import org.replication.v3.mediator.verdict.Observed;
import org.replication.v3.mediator.verdict.PairTracker;
import org.replication.v3.mediator.verdict.PairVolume;
import org.replication.v3.mediator.verdict.Reach;
import org.replication.v3.mediator.verdict.Verdict;
import org.replication.v3.mediator.verdict.VolumeAction;

/**
 * The mediator's loop: every poll interval it first finishes any decision cut short, then reads each array's
 * health, steps each pair's {@link PairTracker} and carries out what it asks for. A decision is journaled (forced
 * to disk) before its first array call; fences go before promotes; each is one batch call per array. One thread does
 * all of it, so decisions about a pair never overlap.
 */
@ApplicationScoped
public class Mediator {

    private static final Logger LOG = Logger.getLogger(Mediator.class);

    /** At most this many volumes in one batch call. */
    static final int BATCH = 1000;

    /** The mediator's view of one pair for {@code GET /v1/health}. */
    public record PairHealth(String pair, Verdict verdict, String side, Instant since, boolean held,
            Map<String, ArrayView> arrays, Set<String> declaredLost, GraceView waitingGrace) {
    }

    public record ArrayView(boolean reachable, boolean reachesPeer) {
    }

    public record GraceView(String decisionId, Instant deadline, int volumes) {
    }

    private final MediatorConfig config;
    private final ObjectMapper json;
    private final MeterRegistry metrics;
    private final Map<String, ArrayClient> arrays = new LinkedHashMap<>();
    private final List<PairTracker> trackers = new ArrayList<>();
    /** Decisions that were replayed or failed once: a promote batch first checks what the array already did. */
    private final Set<String> resumed = new HashSet<>();
    private DecisionJournal journal;
    private ScheduledExecutorService loop;
    private volatile List<PairHealth> health = List.of();
    /** The arrays that answered the last health poll: a batch waits for its array to be among them. */
    private Set<String> answering = Set.of();

    public Mediator(MediatorConfig config, ObjectMapper json, MeterRegistry metrics) {
        this.config = config;
        this.json = json;
        this.metrics = metrics;
    }

    void start(@Observes StartupEvent start) throws IOException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(config.healthTimeout()).build();
        config.arrays().forEach((name, array) -> arrays.put(name, new ArrayClient(name, array.url(), array.token(),
                http, json, config.healthTimeout(), config.callTimeout())));
        for (String text : config.pairs()) {
            ArrayPair pair = ArrayPair.parse(text);
            for (String side : List.of(pair.x(), pair.y())) {
                if (!arrays.containsKey(side)) {
                    throw new IllegalStateException("mediator.pairs names " + side + " but mediator.arrays." + side
                            + ".url is not set");
                }
            }
            trackers.add(new PairTracker(pair, config.lossAfter(), config.grace()));
        }
        journal = DecisionJournal.open(Path.of(config.dataDir()));
        List<DecisionJournal.Reprotected> reprotections = journal.reprotections();
        for (DecisionJournal.Journaled journaled : journal.all()) {
            Decision decision = journaled.decision();
            tracker(decision.pair()).ifPresent(t -> t.apply(decision));
            reprotections.stream().filter(r -> r.afterSeq() == decision.seq()).forEach(this::replay);
            if (!journaled.done()) {
                resumed.add(decision.id());
            }
        }
        LOG.infof("mediator: epoch %d, %d decisions in the journal (%d unfinished), pairs %s, loss-after %s, grace %s",
                journal.epoch(), journal.all().size(), journal.unfinished().size(), config.pairs(),
                config.lossAfter(), config.grace());
        loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "mediator-loop");
            thread.setDaemon(true);
            return thread;
        });
        loop.scheduleWithFixedDelay(this::pollSafely, 0, config.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent stop) throws IOException, InterruptedException {
        if (loop != null) {
            loop.shutdownNow();
            loop.awaitTermination(5, TimeUnit.SECONDS);
        }
        if (journal != null) {
            journal.close();
        }
    }

    public DecisionJournal journal() {
        return journal;
    }

    public List<PairHealth> health() {
        return health;
    }

    private void pollSafely() {
        try {
            poll();
        } catch (RuntimeException e) {
            LOG.errorf(e, "mediator: poll failed");
        }
    }

    void poll() {
        finishUnfinished();
        Map<String, CompletableFuture<Optional<ArrayClient.Health>>> asked = new LinkedHashMap<>();
        arrays.forEach((name, client) -> asked.put(name, client.health()));
        Map<String, Optional<ArrayClient.Health>> answers = new LinkedHashMap<>();
        asked.forEach((name, answer) -> answers.put(name, answer.join()));
        answering = answers.entrySet().stream().filter(e -> e.getValue().isPresent()).map(Map.Entry::getKey)
                .collect(Collectors.toUnmodifiableSet());
        Instant now = Instant.now();
        List<PairHealth> views = new ArrayList<>();
        for (PairTracker tracker : trackers) {
            ArrayPair pair = tracker.pair();
            Reach x = reach(answers.get(pair.x()), pair.y());
            Reach y = reach(answers.get(pair.y()), pair.x());
            PairTracker.Step step = tracker.step(x, y, now);
            if (step.changed()) {
                LOG.infof("pair %s: verdict %s%s (the mediator reaches %s: %s, %s: %s; %s reaches %s: %s, %s reaches"
                        + " %s: %s)", pair, step.observed().verdict().wire(), side(step.observed()), pair.x(),
                        x.answered(), pair.y(), y.answered(), pair.x(), pair.y(), x.reachesPeer(), pair.y(), pair.x(),
                        y.reachesPeer());
            }
            try {
                act(tracker, step);
            } catch (IOException e) {
                LOG.warnf("pair %s: %s not carried out, tried again next poll: %s", pair, step.kind(),
                        e.getMessage());
            }
            views.add(view(tracker, x, y, now));
        }
        health = List.copyOf(views);
    }

    private static Reach reach(Optional<ArrayClient.Health> health, String peer) {
        return health.map(h -> Reach.answered(h.reaches(peer))).orElse(Reach.UNREACHABLE);
    }

    private void act(PairTracker tracker, PairTracker.Step step) throws IOException {
        ArrayPair pair = tracker.pair();
        Observed observed = step.observed();
        switch (step.kind()) {
            case NONE -> {
            }
            case DECIDE -> {
                switch (observed.verdict()) {
                    case SITE_LOST -> {
                        String survivor = pair.other(observed.side());
                        List<VolumeAction> actions = MediatorVerdicts.planSiteLost(survivor, observed.side(),
                                arrays.get(survivor).pairedVolumes());
                        decide(tracker, Verdict.SITE_LOST, survivor, observed.side(), step.detectedAt(), actions,
                                observed.side() + " answers neither the mediator nor " + survivor);
                    }
                    case LINK_LOST -> {
                        List<PairVolume> xVolumes = arrays.get(pair.x()).pairedVolumes();
                        List<PairVolume> yVolumes = arrays.get(pair.y()).pairedVolumes();
                        List<VolumeAction> actions = MediatorVerdicts.planLinkLost(pair, xVolumes, yVolumes,
                                tracker.declaredLost());
                        String winner = MediatorVerdicts.soleSide(actions, Action.PROMOTED, Action.KEPT_SERVING);
                        String loser = MediatorVerdicts.soleSide(actions, Action.FENCED);
                        decide(tracker, Verdict.LINK_LOST, winner, loser != null ? loser
                                : winner != null ? pair.other(winner) : null, step.detectedAt(), actions,
                                pair.x() + " and " + pair.y() + " answer the mediator but not each other");
                    }
                    case MEDIATOR_DEGRADED -> decide(tracker, Verdict.MEDIATOR_DEGRADED, null, observed.side(),
                            step.detectedAt(), List.of(), "the mediator cannot reach " + observed.side() + " but "
                                    + pair.other(observed.side()) + " does: no action");
                    case BOTH_SIDES_UNSAFE -> decide(tracker, Verdict.BOTH_SIDES_UNSAFE,
                            pair.other(observed.side()), observed.side(), step.detectedAt(), List.of(),
                            observed.side() + " is lost and " + pair.other(observed.side()) + " was declared lost"
                                    + " before and not reprotected since: no action; an operator must force");
                    default -> throw new IllegalStateException("no decision on " + observed);
                }
            }
            case GRACE_OVER -> {
                PairTracker.Grace grace = tracker.waiting();
                List<VolumeAction> actions = MediatorVerdicts.planGraceOver(grace.survivor(), grace.lostSide(),
                        grace.volumeIds(), arrays.get(grace.survivor()).pairedVolumes());
                decide(tracker, Verdict.SITE_LOST, grace.survivor(), grace.lostSide(), grace.detectedAt(), actions,
                        "the grace period of decision " + grace.decisionId() + " is over and " + grace.lostSide()
                                + " is still lost");
            }
            case RECOVERED -> {
                PairTracker.Grace grace = tracker.waiting();
                List<VolumeAction> kept = grace.volumeIds().stream()
                        .map(id -> VolumeAction.of(id, Action.KEPT_SERVING, grace.lostSide(), null)).toList();
                decide(tracker, Verdict.RECOVERED, grace.survivor(), grace.lostSide(), grace.detectedAt(), kept,
                        grace.lostSide() + " returned within the grace period of decision " + grace.decisionId());
            }
            case CHECK_REPROTECTED -> {
                for (String lost : tracker.declaredLost()) {
                    String survivor = pair.other(lost);
                    boolean alone = arrays.get(survivor).pairedVolumes().stream()
                            .anyMatch(v -> v.mediated() && v.peer().equals(lost) && v.peerLost());
                    if (!alone) {
                        journal.reprotected(pair.toString(), lost);
                        tracker.reprotected(lost);
                        LOG.infof("pair %s: %s no longer goes on alone without %s (reprotected): %s may be"
                                + " promoted again", pair, survivor, lost, lost);
                    }
                }
            }
        }
    }

    private void decide(PairTracker tracker, Verdict verdict, String survivor, String lostSide, Instant detectedAt,
            List<VolumeAction> volumes, String reason) throws IOException {
        Decision decision = new Decision(UUID.randomUUID().toString(), journal.nextSeq(), tracker.pair().toString(),
                verdict, survivor, lostSide, detectedAt, Instant.now(), volumes, journal.epoch(), reason);
        DecisionJournal.Journaled journaled = journal.append(decision);
        tracker.apply(decision);
        metrics.counter("mediator.decisions", "verdict", verdict.wire()).increment();
        Map<Action, Long> counts = new LinkedHashMap<>();
        volumes.forEach(v -> counts.merge(v.action(), 1L, Long::sum));
        LOG.infof("pair %s: decision %s (seq %d): %s, survivor %s, lost %s, detected %s; volumes %s; %s",
                tracker.pair(), decision.id(), decision.seq(), verdict.wire(), survivor, lostSide, detectedAt,
                counts, reason);
        finish(journaled);
    }

    private void finishUnfinished() {
        for (DecisionJournal.Journaled journaled : journal.unfinished()) {
            try {
                finish(journaled);
            } catch (IOException e) {
                LOG.warnf("decision %s: not finished yet, tried again next poll: %s", journaled.decision().id(),
                        e.getMessage());
                return;
            }
        }
    }

    /**
     * Carries out the calls of a journaled decision not answered yet: every fence first, then every promote, one
     * batch per array. A decision that was cut short is finished: a promote batch then skips the volumes the array
     * already promoted past the decided generation (its answer may have been lost with the crash).
     */
    private void finish(DecisionJournal.Journaled journaled) throws IOException {
        Decision decision = journaled.decision();
        ArrayPair pair = ArrayPair.parse(decision.pair());
        try {
            for (String call : List.of(DecisionJournal.FENCE, DecisionJournal.PROMOTE)) {
                for (String side : List.of(pair.x(), pair.y())) {
                    List<VolumeAction> batch = decision.volumes().stream()
                            .filter(v -> v.needsCall() && v.side().equals(side)
                                    && DecisionJournal.call(v.action()).equals(call)).toList();
                    if (!batch.isEmpty() && !journaled.answered(side, call)) {
                        journal.answered(decision.id(), side, call, call(decision, side, call, batch));
                    }
                }
            }
        } catch (IOException e) {
            resumed.add(decision.id());
            throw e;
        }
        journal.done(decision.id());
        resumed.remove(decision.id());
        List<VolumeAction> called = journaled.view().volumes().stream().filter(VolumeAction::needsCall).toList();
        if (!called.isEmpty()) {
            LOG.infof("pair %s: decision %s carried out: %d volume actions, %d refused", pair, decision.id(),
                    called.size(), called.stream().filter(v -> v.error() != null).count());
        }
    }

    private List<VolumeAction> call(Decision decision, String side, String call, List<VolumeAction> batch)
            throws IOException {
        if (!answering.contains(side)) {
            // Waiting for a call to an array that does not answer would stall every pair's polling for a call timeout.
            throw new ArrayCallException(side + " did not answer its last health poll", 0, null);
        }
        ArrayClient array = arrays.get(side);
        List<VolumeAction> answered = new ArrayList<>();
        List<VolumeAction> todo = new ArrayList<>(batch);
        if (call.equals(DecisionJournal.PROMOTE) && resumed.contains(decision.id())) {
            Map<String, PairVolume> current = new LinkedHashMap<>();
            array.pairedVolumes().forEach(v -> current.put(v.id(), v));
            todo.removeIf(v -> {
                PairVolume now = current.get(v.id());
                boolean done = now != null && now.goesOnAlone() && now.generation() > v.generation();
                if (done) {
                    answered.add(v.answered(now.generation(), null));
                }
                return done;
            });
        }
        for (int from = 0; from < todo.size(); from += BATCH) {
            List<VolumeAction> chunk = todo.subList(from, Math.min(todo.size(), from + BATCH));
            Map<String, VolumeAction> byId = new LinkedHashMap<>();
            chunk.forEach(v -> byId.put(v.id(), v));
            List<ArrayClient.VolumeResult> results;
            try {
                if (call.equals(DecisionJournal.FENCE)) {
                    Map<String, Long> generations = new LinkedHashMap<>();
                    chunk.forEach(v -> generations.put(v.id(), v.generation()));
                    results = array.fence(generations, journal.epoch());
                } else {
                    results = array.promote(List.copyOf(byId.keySet()), decision.id(), journal.epoch());
                }
            } catch (ArrayCallException e) {
                if (!e.refused()) {
                    throw e;
                }
                LOG.errorf("decision %s: %s refused the %s batch as a whole%s: %s", decision.id(), side, call,
                        e.staleController() ? " (a later mediator outranks epoch " + journal.epoch() + ")" : "",
                        e.getMessage());
                String refusal = e.staleController() ? "staleController" : "refused (" + e.status() + ")";
                chunk.forEach(v -> answered.add(v.answered(null, refusal)));
                continue;
            }
            for (ArrayClient.VolumeResult result : results) {
                VolumeAction asked = byId.remove(result.id());
                if (asked != null) {
                    answered.add(asked.answered(call.equals(DecisionJournal.PROMOTE) ? result.generation() : null,
                            result.ok() ? null : result.error() == null ? "refused" : result.error()));
                }
            }
            byId.values().forEach(v -> answered.add(v.answered(null, "not in the array's answer")));
        }
        answered.stream().filter(v -> v.error() != null).forEach(v -> LOG.warnf("decision %s: %s of %s on %s: %s",
                decision.id(), call, v.id(), side, v.error()));
        return answered;
    }

    private void replay(DecisionJournal.Reprotected reprotected) {
        tracker(reprotected.pair()).ifPresent(t -> t.reprotected(reprotected.side()));
    }

    private Optional<PairTracker> tracker(String pair) {
        return trackers.stream().filter(t -> t.pair().toString().equals(pair)).findFirst();
    }

    private PairHealth view(PairTracker tracker, Reach x, Reach y, Instant now) {
        ArrayPair pair = tracker.pair();
        Map<String, ArrayView> arrayViews = new LinkedHashMap<>();
        arrayViews.put(pair.x(), new ArrayView(x.answered(), x.reachesPeer()));
        arrayViews.put(pair.y(), new ArrayView(y.answered(), y.reachesPeer()));
        PairTracker.Grace grace = tracker.waiting();
        return new PairHealth(pair.toString(), tracker.observed().verdict(), tracker.observed().side(),
                tracker.since(), tracker.held(now), arrayViews, tracker.declaredLost(), grace == null ? null
                        : new GraceView(grace.decisionId(), grace.deadline(), grace.volumeIds().size()));
    }

    private static String side(Observed observed) {
        return observed.side() == null ? "" : "(" + observed.side() + ")";
    }
}
