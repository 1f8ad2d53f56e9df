package org.replication.v3.drill;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The site-loss drill of docs/sites.md section 7, against a running suite: volumes of each kind on the primary
 * site, steady writes with checksums, kill -9 of the primary site's processes, what each kind promises (active/active
 * keeps serving on the survivor, active/passive with a mediator fails over by itself, sync without a mediator waits
 * for an operator's force, async loses at most what was declared at risk), the site's return (fenced), reprotect,
 * failback keeping the survivor's changes, checksums. Through the public APIs only: Cinder's, the arrays' data path
 * (as a host writes), the mediator's decisions, and the {@link Sites} that kill and start a site.
 *
 * <p>{@code main} is what {@code bin/drill site-loss} runs (see {@link DrillMain}).
 */
public final class SiteLossDrill {

    private static final Duration POLL = Duration.ofMillis(250);

    private final DrillOptions options;
    private final Sites sites;
    private final PrintStream out;
    private final Cinder cinder;
    private final Arrays arrays;
    private final Mediator mediator;
    private final Map<Kind, List<DrillVolume>> volumes = new EnumMap<>(Kind.class);
    private final Map<Kind, KindOutcome> outcomes = new EnumMap<>(Kind.class);

    /** One volume of the drill with its write log and its hosts (two for active/active, one per side). */
    static final class DrillVolume {
        final String id;
        final Kind kind;
        final WriteLog log;
        Writer writer;
        /** Active/active only: the host on the primary site, writing the odd blocks. */
        Writer primaryWriter;
        /** Async: the blocks lost with the site, each with the seq of its last acknowledged write then. */
        final Map<Long, Long> lost = new LinkedHashMap<>();

        DrillVolume(String id, Kind kind) {
            this.id = id;
            this.kind = kind;
            this.log = new WriteLog(id);
        }

        void stopWriters() {
            writer.stop();
            if (primaryWriter != null) {
                primaryWriter.stop();
            }
        }
    }

    public SiteLossDrill(DrillOptions options, Sites sites, PrintStream out) {
        this.options = options;
        this.sites = sites;
        this.out = out;
        Http http = new Http();
        this.cinder = new Cinder(http, options.apiUrl(), options.project(), options.token());
        this.arrays = new Arrays(http, options.arrayUrls(), options.arrayToken());
        this.mediator = new Mediator(http, options.mediatorUrl(), options.mediatorToken());
    }

    public static void main(String[] args) {
        System.exit(DrillMain.run(args));
    }

    /** The report of a run: one outcome per kind, and where the JSON went. */
    public record Report(List<KindOutcome> kinds, Double detectSeconds, Path json) {

        public boolean ok() {
            return kinds.stream().allMatch(KindOutcome::ok);
        }

        public String table() {
            StringBuilder table = new StringBuilder(KindOutcome.header()).append('\n');
            kinds.forEach(kind -> table.append(kind.line()).append('\n'));
            kinds.forEach(kind -> kind.failures().forEach(
                    failure -> table.append("  ").append(kind.name()).append(": ").append(failure).append('\n')));
            return table.toString();
        }
    }

    public Report run() {
        List<String> declaredLost = mediator.declaredLost();
        if (!declaredLost.isEmpty()) {
            throw new DrillException("the mediator still declares " + declaredLost + " lost: volumes go on alone"
                    + " without it since an earlier loss; reprotect them (or fail them back) first");
        }
        String run = UUID.randomUUID().toString().substring(0, 8);
        for (Kind kind : Kind.values()) {
            outcomes.put(kind, new KindOutcome(kind, kind.name(options.asyncRpoSeconds())));
        }
        createVolumes(run);
        startWriters();
        say("steady writes for " + options.steady().toSeconds() + " s");
        Waits.pause(options.steady());
        long decisionsBefore = mediator.lastSeq();

        long t0 = System.currentTimeMillis();
        say("kill -9 of " + options.primary());
        sites.kill(options.primary());
        afterLoss();
        Double detect = detection(decisionsBefore, t0);
        activePassiveFailsOverByItself(t0);
        activeActiveKeepsServing(t0);
        mediatedFailoversRecorded();
        nomedWaitsThenForce(t0);
        syncWritesOnSurvivor();

        say("starting " + options.primary() + " again");
        sites.start(options.primary());
        returnedSiteIsFenced();
        reprotectAndFailBack();
        checksums();

        Report report = new Report(List.copyOf(outcomes.values()), detect, writeJson(t0, detect));
        out.print(report.table());
        return report;
    }

    /**
     * Waits until every volume whose host writes now has {@code more} acknowledged writes beyond those it has, so
     * that what is compared next was written after the last switch.
     */
    static void awaitMoreWrites(List<DrillVolume> volumes, int more) {
        Map<DrillVolume, Long> before = new HashMap<>();
        volumes.stream().filter(v -> v.writer.site() != null).forEach(v -> before.put(v, v.log.acknowledged()));
        Waits.until(more + " more acknowledged writes on every volume", Duration.ofSeconds(60),
                Duration.ofMillis(100), () -> before.entrySet().stream()
                        .allMatch(e -> e.getKey().log.acknowledged() >= e.getValue() + more));
    }

    // --- set-up --------------------------------------------------------------------------------------------------

    private void createVolumes(String run) {
        for (Kind kind : Kind.values()) {
            String type = cinder.createType("drill-" + kind.name(options.asyncRpoSeconds()) + "-" + run,
                    kind.extraSpecs(options.backend(), options.asyncRpoSeconds()));
            List<DrillVolume> created = new ArrayList<>();
            for (int i = 0; i < options.volumesPerKind(); i++) {
                String id = cinder.createVolume("drill-" + kind.label + "-" + i + "-" + run, type, 1);
                created.add(new DrillVolume(id, kind));
                outcomes.get(kind).volumes.add(id);
            }
            volumes.put(kind, created);
        }
        say("created " + all().size() + " volumes on " + options.backend() + "; waiting until replicated");
        Waits.until("every drill volume is available and replicated", Duration.ofMinutes(4), Duration.ofSeconds(1),
                () -> all().stream().allMatch(volume -> {
                    JsonNode view = cinder.volume(volume.id);
                    if (view.path("status").asText().equals("error")) {
                        throw new DrillException("volume " + volume.id + " went to error: " + view);
                    }
                    return view.path("status").asText().equals("available")
                            && view.path("replication_status").asText().equals("enabled");
                }));
    }

    private void startWriters() {
        long seed = 1;
        for (DrillVolume volume : all()) {
            if (volume.kind == Kind.SYNC_AA_MED) {
                volume.writer = new Writer(arrays, volume.log, options.blocksPerVolume(), block -> block % 2 == 0,
                        options.writesPerSecond(), seed++);
                volume.primaryWriter = new Writer(arrays, volume.log, options.blocksPerVolume(),
                        block -> block % 2 == 1, options.writesPerSecond(), seed++);
                volume.writer.start(options.survivor(), "writer-" + volume.id + "-" + options.survivor());
                volume.primaryWriter.start(options.primary(), "writer-" + volume.id + "-" + options.primary());
            } else {
                volume.writer = new Writer(arrays, volume.log, options.blocksPerVolume(), block -> true,
                        options.writesPerSecond(), seed++);
                volume.writer.start(options.primary(), "writer-" + volume.id);
            }
        }
    }

    // --- the loss ------------------------------------------------------------------------------------------------

    /**
     * The hosts of the lost site are lost with it. Active/passive hosts move to the survivor at once and retry
     * there (refused until it is promoted); async hosts wait for the failover, so the survivor's data can be
     * compared with the write log first.
     */
    private void afterLoss() {
        for (DrillVolume volume : all()) {
            switch (volume.kind) {
                case SYNC_AA_MED -> volume.primaryWriter.pointAt(null);
                case SYNC_AP_MED, SYNC_NOMED -> volume.writer.pointAt(options.survivor());
                case ASYNC -> volume.writer.pointAt(null);
            }
        }
    }

    private Double detection(long decisionsBefore, long t0) {
        JsonNode[] decision = new JsonNode[1];
        boolean seen = Waits.within(options.detectBound().plus(Duration.ofSeconds(30)), POLL, () -> {
            decision[0] = mediator.decisionsAfter(decisionsBefore).stream()
                    .filter(d -> d.path("verdict").asText().equals("site_lost")
                            && d.path("lost_side").asText().equals(options.primary()))
                    .findFirst().orElse(null);
            return decision[0] != null;
        });
        if (!seen) {
            List.of(Kind.SYNC_AA_MED, Kind.SYNC_AP_MED).forEach(kind -> outcomes.get(kind)
                    .fail("the mediator decided nothing about " + options.primary() + "'s loss"));
            return null;
        }
        double detect = (Instant.parse(decision[0].path("detected_at").asText()).toEpochMilli() - t0) / 1000.0;
        say("the mediator detected the loss after " + detect + " s (decision " + decision[0].path("id").asText()
                + ")");
        for (Kind kind : List.of(Kind.SYNC_AA_MED, Kind.SYNC_AP_MED)) {
            outcomes.get(kind).detectSeconds = detect;
            if (detect > options.detectBound().toMillis() / 1000.0) {
                outcomes.get(kind).fail("detected after " + detect + " s, bound " + options.detectBound().toSeconds()
                        + " s");
            }
        }
        return detect;
    }

    /** Within grace + margin of the kill, the survivor acknowledges the active/passive hosts' writes. */
    private void activePassiveFailsOverByItself(long t0) {
        KindOutcome outcome = outcomes.get(Kind.SYNC_AP_MED);
        double bound = (options.grace().toMillis() + options.rtoMargin().toMillis()) / 1000.0;
        outcome.rtoBoundSeconds = bound;
        Duration wait = options.grace().plus(options.rtoMargin()).plus(Duration.ofSeconds(30));
        Waits.within(wait, POLL, () -> volumes.get(Kind.SYNC_AP_MED).stream()
                .allMatch(volume -> firstAckOn(volume, options.survivor(), t0) != null));
        double rto = 0;
        for (DrillVolume volume : volumes.get(Kind.SYNC_AP_MED)) {
            Long ack = firstAckOn(volume, options.survivor(), t0);
            if (ack == null) {
                outcome.fail(volume.id + ": no write acknowledged on " + options.survivor() + " within "
                        + wait.toSeconds() + " s of the loss");
                continue;
            }
            rto = Math.max(rto, (ack - t0) / 1000.0);
        }
        outcome.rtoSeconds = rto;
        if (rto > bound) {
            outcome.fail("served on " + options.survivor() + " " + rto + " s after the loss, bound " + bound + " s");
        }
        say("sync-ap-med served on " + options.survivor() + " after " + rto + " s");
    }

    /** The survivor's hosts saw no error, and no acknowledgement after the loss took longer than the bound. */
    private void activeActiveKeepsServing(long t0) {
        KindOutcome outcome = outcomes.get(Kind.SYNC_AA_MED);
        double pause = 0;
        for (DrillVolume volume : volumes.get(Kind.SYNC_AA_MED)) {
            List<WriteLog.Write> after = volume.log.where(w -> w.site().equals(options.survivor())
                    && w.ackedAt() >= t0);
            List<WriteLog.Write> refused = after.stream().filter(w -> !w.acknowledged()).toList();
            if (!refused.isEmpty()) {
                outcome.fail(volume.id + ": " + refused.size() + " writes on " + options.survivor()
                        + " not acknowledged after the loss (first: " + refused.get(0).status() + " "
                        + refused.get(0).fault() + ")");
            }
            if (after.stream().noneMatch(WriteLog.Write::acknowledged)) {
                outcome.fail(volume.id + ": no write acknowledged on " + options.survivor() + " after the loss");
            }
            for (WriteLog.Write write : after) {
                pause = Math.max(pause, (write.ackedAt() - write.sentAt()) / 1000.0);
            }
        }
        outcome.pauseSeconds = pause;
        outcome.rtoSeconds = 0.0;
        double bound = options.pauseBound().toMillis() / 1000.0;
        outcome.rtoBoundSeconds = bound;
        if (pause > bound) {
            outcome.fail("a write on " + options.survivor() + " took " + pause + " s after the loss, bound " + bound
                    + " s");
        }
        say("sync-aa-med: longest acknowledgement on " + options.survivor() + " after the loss " + pause + " s");
    }

    /** The replication-service records the mediated volumes' failovers itself: failed-over, fenced by the mediator. */
    private void mediatedFailoversRecorded() {
        for (Kind kind : List.of(Kind.SYNC_AP_MED, Kind.SYNC_AA_MED)) {
            KindOutcome outcome = outcomes.get(kind);
            List<DrillVolume> mediated = volumes.get(kind);
            boolean recorded = Waits.within(options.grace().plus(Duration.ofSeconds(60)), Duration.ofSeconds(1),
                    () -> mediated.stream().allMatch(v -> cinder.replicationStatus(v.id).equals("failed-over")));
            if (!recorded) {
                mediated.stream().filter(v -> !cinder.replicationStatus(v.id).equals("failed-over"))
                        .forEach(v -> outcome.fail(v.id + ": the API shows replication_status "
                                + cinder.replicationStatus(v.id) + ", not failed-over"));
            }
            Map<String, String> fencedBy = automaticResults(mediated);
            for (DrillVolume volume : mediated) {
                String by = fencedBy.get(volume.id);
                outcome.fencedBy.add(volume.id + "=" + by);
                if (kind == Kind.SYNC_AP_MED && !"mediator".equals(by)) {
                    outcome.fail(volume.id + ": no automatic failover fenced by the mediator (fenced_by " + by + ")");
                }
            }
        }
    }

    private Map<String, String> automaticResults(List<DrillVolume> mediated) {
        Set<String> ids = mediated.stream().map(v -> v.id).collect(Collectors.toSet());
        Map<String, String> fencedBy = new LinkedHashMap<>();
        for (JsonNode listed : cinder.automaticOperations()) {
            boolean ours = false;
            for (JsonNode resource : listed.path("resources")) {
                ours |= ids.contains(resource.asText());
            }
            if (!ours) {
                continue;
            }
            for (JsonNode result : cinder.operation(listed.path("id").asText()).path("results")) {
                if (ids.contains(result.path("volume_id").asText())) {
                    fencedBy.putIfAbsent(result.path("volume_id").asText(), result.path("fenced_by").asText(null));
                }
            }
        }
        return fencedBy;
    }

    /**
     * Sync without a mediator: at grace + margin after the loss nothing has moved (the API still says enabled, the
     * survivor refused every write); an operator's force then fails it over. Async is forced at the same time, after
     * reading the data at risk the lost primary last reported to the survivor.
     */
    private void nomedWaitsThenForce(long t0) {
        long checkAt = t0 + options.grace().toMillis() + options.rtoMargin().toMillis();
        Waits.pause(Duration.ofMillis(Math.max(0, checkAt - System.currentTimeMillis())));
        KindOutcome nomed = outcomes.get(Kind.SYNC_NOMED);
        for (DrillVolume volume : volumes.get(Kind.SYNC_NOMED)) {
            String status = cinder.replicationStatus(volume.id);
            if (!status.equals("enabled")) {
                nomed.fail(volume.id + ": replication_status " + status + " before any failover was asked");
            }
            if (firstAckOn(volume, options.survivor(), t0) != null) {
                nomed.fail(volume.id + ": " + options.survivor() + " acknowledged a write before any failover");
            }
        }
        Map<String, JsonNode> atRisk = new LinkedHashMap<>();
        for (DrillVolume volume : volumes.get(Kind.ASYNC)) {
            atRisk.put(volume.id, arrays.atRisk(options.survivor(), volume.id));
        }

        String reason = "drill: " + options.primary() + " lost";
        long forceAt = System.currentTimeMillis();
        String nomedOp = cinder.failover(ids(Kind.SYNC_NOMED), options.target(), true, reason);
        String asyncOp = cinder.failover(ids(Kind.ASYNC), options.target(), true, reason);
        JsonNode nomedDone = cinder.awaitEnd(nomedOp, options.operationTimeout());
        JsonNode asyncDone = cinder.awaitEnd(asyncOp, options.operationTimeout());
        checkCompleted(nomed, "forced failover", nomedDone);
        KindOutcome async = outcomes.get(Kind.ASYNC);
        checkCompleted(async, "forced failover", asyncDone);
        asyncLoss(t0, asyncDone, atRisk);
        volumes.get(Kind.ASYNC).forEach(volume -> volume.writer.pointAt(options.survivor()));

        for (Kind kind : List.of(Kind.SYNC_NOMED, Kind.ASYNC)) {
            KindOutcome outcome = outcomes.get(kind);
            outcome.afterForce = true;
            Waits.within(Duration.ofSeconds(30), POLL, () -> volumes.get(kind).stream()
                    .allMatch(volume -> firstAckOn(volume, options.survivor(), forceAt) != null));
            double rto = 0;
            for (DrillVolume volume : volumes.get(kind)) {
                Long ack = firstAckOn(volume, options.survivor(), forceAt);
                if (ack == null) {
                    outcome.fail(volume.id + ": no write acknowledged on " + options.survivor()
                            + " within 30 s of the forced failover's end");
                } else {
                    rto = Math.max(rto, (ack - forceAt) / 1000.0);
                }
            }
            outcome.rtoSeconds = rto;
            say(kind.name(options.asyncRpoSeconds()) + " served on " + options.survivor() + " " + rto
                    + " s after the forced failover was asked");
        }
    }

    /**
     * Async: the blocks whose last acknowledged write the survivor lacks are the loss. Every lost write must be of
     * the last RPO window before the kill, and every lost block must be in the data at risk the lost primary
     * reported (or written after that report was built). Compared on bytes: each block read back is checked
     * against the write that produced it.
     */
    private void asyncLoss(long t0, JsonNode operation, Map<String, JsonNode> atRisk) {
        KindOutcome outcome = outcomes.get(Kind.ASYNC);
        outcome.declaredRpoSeconds = options.asyncRpoSeconds();
        long reportedBytes = 0;
        Long asOf = null;
        for (JsonNode result : operation.path("results")) {
            reportedBytes += result.path("lost_bytes").asLong(0);
            outcome.fencedBy.add(result.path("volume_id").asText() + "=" + result.path("fenced_by").asText(null));
            String at = result.path("at_risk_as_of").asText(null);
            if (at != null) {
                long instant = parseCinderTime(at);
                asOf = asOf == null ? instant : Math.min(asOf, instant);
            }
        }
        outcome.atRiskReportedBytes = reportedBytes;
        for (DrillVolume volume : volumes.get(Kind.ASYNC)) {
            Map<Long, Long> lastAcked = volume.log.lastAcknowledged();
            long[] held = seqsOn(options.survivor(), volume);
            JsonNode report = atRisk.get(volume.id);
            Set<Long> reported = new HashSet<>();
            Long reportAsOf = null;
            if (report != null) {
                report.path("blocks").forEach(b -> reported.add(b.asLong()));
                reportAsOf = Instant.parse(report.path("as_of").asText()).toEpochMilli();
                asOf = asOf == null ? reportAsOf : Math.min(asOf, reportAsOf);
            }
            for (Map.Entry<Long, Long> entry : lastAcked.entrySet()) {
                long block = entry.getKey();
                long seq = held[(int) block];
                if (seq < 0) {
                    outcome.fail(volume.id + ": block " + block + " on " + options.survivor()
                            + " holds bytes no write produced");
                    continue;
                }
                if (seq >= entry.getValue()) {
                    continue;
                }
                List<WriteLog.Write> lost = volume.log.where(w -> w.block() == block && w.acknowledged()
                        && w.seq() > seq);
                outcome.lostWrites += lost.size();
                outcome.lostBytes += Payloads.BLOCK;
                volume.lost.put(block, entry.getValue());
                long oldest = lost.stream().mapToLong(WriteLog.Write::ackedAt).min().orElse(t0);
                if (oldest < t0 - options.asyncRpoSeconds() * 1000L) {
                    outcome.fail(volume.id + ": block " + block + " lost a write acknowledged "
                            + (t0 - oldest) / 1000.0 + " s before the loss, beyond the RPO of "
                            + options.asyncRpoSeconds() + " s");
                }
                long lastAckedAt = lost.stream().mapToLong(WriteLog.Write::ackedAt).max().orElse(t0);
                if (!reported.contains(block) && (reportAsOf == null || lastAckedAt <= reportAsOf)
                        && report != null && !report.path("blocks").isNull()) {
                    outcome.fail(volume.id + ": block " + block + " was lost but not in the data at risk the"
                            + " primary reported as of " + report.path("as_of").asText());
                }
                if (report == null) {
                    outcome.fail(volume.id + ": block " + block + " was lost and no data-at-risk report arrived");
                }
            }
        }
        if (asOf != null) {
            outcome.atRiskAsOfSeconds = (asOf - t0) / 1000.0;
        }
        say(outcome.name() + ": lost " + outcome.lostWrites + " writes / " + outcome.lostBytes + " bytes; reported "
                + reportedBytes + " bytes at risk");
    }

    /** Every write acknowledged on any side before now reads back on the survivor, byte for byte (or a later one). */
    private void syncWritesOnSurvivor() {
        for (Kind kind : List.of(Kind.SYNC_AA_MED, Kind.SYNC_AP_MED, Kind.SYNC_NOMED)) {
            KindOutcome outcome = outcomes.get(kind);
            for (DrillVolume volume : volumes.get(kind)) {
                Map<Long, Long> lastAcked = volume.log.lastAcknowledged();
                long[] held = seqsOn(options.survivor(), volume);
                lastAcked.forEach((block, seq) -> {
                    long found = held[block.intValue()];
                    if (found < seq) {
                        outcome.lostWrites += volume.log.where(w -> w.block() == block && w.acknowledged()
                                && w.seq() > found && w.seq() <= seq).size();
                        outcome.lostBytes += Payloads.BLOCK;
                    }
                });
                String older = Blocks.older(lastAcked, held);
                if (older != null) {
                    outcome.fail(volume.id + ": on " + options.survivor() + ", " + older);
                }
            }
        }
    }

    // --- the return ----------------------------------------------------------------------------------------------

    /**
     * The returned site refuses writes to every volume it was failed away from (409 fenced or staleGeneration), from
     * its first answer on. A write it acknowledges is a second side taking writes: it is counted, and the drill
     * keeps asking (up to 15 s) to say when the site learned its fence.
     */
    private void returnedSiteIsFenced() {
        long returnedAt = System.currentTimeMillis();
        long probeBlock = options.blocksPerVolume() + 1;
        for (DrillVolume volume : all()) {
            KindOutcome outcome = outcomes.get(volume.kind);
            int accepted = 0;
            Http.Answer answer = null;
            long deadline = returnedAt + 15_000;
            for (long seq = 1; ; seq++) {
                answer = arrays.write(options.primary(), volume.id, probeBlock * Payloads.BLOCK,
                        Payloads.of(volume.id, probeBlock, seq));
                if (answer.status() == 409 && ("fenced".equals(answer.faultKind())
                        || "staleGeneration".equals(answer.faultKind()))) {
                    break;
                }
                accepted += answer.ok() ? 1 : 0;
                if (System.currentTimeMillis() > deadline) {
                    break;
                }
                Waits.pause(POLL);
            }
            double after = (System.currentTimeMillis() - returnedAt) / 1000.0;
            outcome.returnAnswers.add(volume.id + "=" + answer.status() + " " + answer.faultKind() + " after "
                    + after + " s, " + accepted + " accepted before");
            if (accepted > 0) {
                outcome.fail(volume.id + ": the returned " + options.primary() + " acknowledged " + accepted
                        + " write(s) before refusing them (" + answer.describe() + " after " + after + " s)");
            } else if (answer.status() != 409) {
                outcome.fail(volume.id + ": a write to the returned " + options.primary() + " was answered "
                        + answer.describe() + ", not 409 fenced");
            }
        }
    }

    private void reprotectAndFailBack() {
        List<String> failedOver = all().stream().filter(v -> cinder.replicationStatus(v.id).equals("failed-over"))
                .map(v -> v.id).toList();
        if (!failedOver.isEmpty()) {
            say("reprotect of " + failedOver.size() + " volumes");
            JsonNode reprotect = cinder.awaitEnd(cinder.reprotect(failedOver, "drill: " + options.primary()
                    + " is back"), options.operationTimeout());
            for (Kind kind : Kind.values()) {
                checkCompleted(outcomes.get(kind), "reprotect", reprotect);
            }
        }
        say("failback (changes: keep) of " + all().size() + " volumes, under load");
        JsonNode failback = cinder.awaitEnd(cinder.failback(all().stream().map(v -> v.id).toList(), "keep"),
                options.operationTimeout());
        for (Kind kind : Kind.values()) {
            checkCompleted(outcomes.get(kind), "failback", failback);
        }
        for (DrillVolume volume : all()) {
            if (volume.kind == Kind.SYNC_AA_MED) {
                volume.primaryWriter.pointAt(options.primary());
            } else {
                volume.writer.pointAt(options.primary());
            }
        }
    }

    /**
     * After the failback and a few more writes: both arrays hold the same bytes, and those the write log says. The
     * compared range is every block the drill wrote (its blocks and the probe block of the return), byte for byte,
     * until equal (async ships at half its RPO). Not the arrays' whole-volume checksum: it hashes the whole 1 GiB
     * volume, and took a minute per call on two loaded cores; nothing but the drill writes these volumes.
     */
    private void checksums() {
        awaitMoreWrites(all(), 5);
        all().forEach(DrillVolume::stopWriters);
        long deadline = System.currentTimeMillis() + (options.asyncRpoSeconds() + 60L) * 1000;
        int length = (options.blocksPerVolume() + 2) * Payloads.BLOCK;
        for (DrillVolume volume : all()) {
            KindOutcome outcome = outcomes.get(volume.kind);
            boolean equal = Waits.within(Duration.ofMillis(Math.max(0, deadline - System.currentTimeMillis())),
                    Duration.ofMillis(500), () -> java.util.Arrays.equals(
                            arrays.read(options.primary(), volume.id, 0, length),
                            arrays.read(options.survivor(), volume.id, 0, length)));
            if (!equal) {
                outcome.checksumsEqual = false;
                outcome.fail(volume.id + ": " + options.primary() + " and " + options.survivor()
                        + " still differ in the drill's blocks " + (options.asyncRpoSeconds() + 60L)
                        + " s after the writes stopped");
            }
            // A block lost with the site (counted above) and not written since holds what the survivor had.
            Map<Long, Long> expected = new LinkedHashMap<>(volume.log.lastAcknowledged());
            expected.entrySet().removeIf(entry -> entry.getValue().equals(volume.lost.get(entry.getKey())));
            for (String site : List.of(options.primary(), options.survivor())) {
                String older = Blocks.older(expected, seqsOn(site, volume));
                if (older != null) {
                    outcome.fail(volume.id + ": after the failback, on " + site + ", " + older);
                }
            }
        }
        say("checksums compared");
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    /** The seq each of the volume's drill blocks holds on a site's array (-1: bytes no write produced). */
    private long[] seqsOn(String site, DrillVolume volume) {
        byte[] data = arrays.read(site, volume.id, 0, options.blocksPerVolume() * Payloads.BLOCK);
        long[] seqs = new long[options.blocksPerVolume()];
        for (int block = 0; block < seqs.length; block++) {
            seqs[block] = Payloads.seqOf(volume.id, block, data, block * Payloads.BLOCK);
        }
        return seqs;
    }

    private static Long firstAckOn(DrillVolume volume, String site, long after) {
        return volume.log.where(w -> w.site().equals(site) && w.acknowledged() && w.sentAt() >= after).stream()
                .map(WriteLog.Write::ackedAt).min(Long::compare).orElse(null);
    }

    private static void checkCompleted(KindOutcome outcome, String what, JsonNode operation) {
        Set<String> ids = Set.copyOf(outcome.volumes);
        if (operation.path("state").asText().equals("refused")) {
            outcome.fail(what + " " + operation.path("id").asText() + " refused: " + operation.path("refusal"));
            return;
        }
        for (JsonNode result : operation.path("results")) {
            if (ids.contains(result.path("volume_id").asText()) && !result.path("error").isNull()
                    && !result.path("error").isMissingNode()) {
                outcome.fail(what + " of " + result.path("volume_id").asText() + ": " + result.path("error").asText());
            }
        }
    }

    /** Cinder's timestamps have no zone ({@code 2026-11-26T01:01:58.000000}): UTC. */
    private static long parseCinderTime(String text) {
        return Instant.parse(text.endsWith("Z") ? text : text + "Z").toEpochMilli();
    }

    private List<String> ids(Kind kind) {
        return volumes.get(kind).stream().map(v -> v.id).toList();
    }

    private List<DrillVolume> all() {
        return volumes.values().stream().flatMap(List::stream).toList();
    }

    private Path writeJson(long t0, Double detect) {
        ObjectNode root = Http.JSON.createObjectNode();
        root.put("drill", "site-loss");
        root.put("killed_at", Instant.ofEpochMilli(t0).toString());
        root.put("primary", options.primary());
        root.put("survivor", options.survivor());
        root.put("backend", options.backend());
        root.put("grace_seconds", options.grace().toMillis() / 1000.0);
        root.put("detect_seconds", detect);
        root.put("volumes_per_kind", options.volumesPerKind());
        root.put("writes_per_second", options.writesPerSecond());
        ArrayNode kinds = root.putArray("kinds");
        outcomes.values().forEach(outcome -> kinds.add(outcome.json()));
        root.put("result", outcomes.values().stream().allMatch(KindOutcome::ok) ? "ok" : "fail");
        try {
            Files.createDirectories(options.reportDir());
            Path json = options.reportDir().resolve("site-loss.json");
            Http.JSON.writerWithDefaultPrettyPrinter().writeValue(json.toFile(), root);
            WriteLog.writeCsv(options.reportDir().resolve("site-loss-writes.csv"), all().stream()
                    .map(v -> Map.entry(v.kind.name(options.asyncRpoSeconds()), v.log)).toList());
            return json;
        } catch (IOException e) {
            throw new UncheckedIOException("the report could not be written to " + options.reportDir(), e);
        }
    }

    private void say(String message) {
        out.println("drill: " + message);
        out.flush();
    }
}
