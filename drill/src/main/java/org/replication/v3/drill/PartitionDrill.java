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
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The partition drill of docs/sites.md section 7: the link between the sites black-holed (both directions, through
 * the link proxy) with both sites alive and the mediator reaching both. Each active/active pair must go on on its
 * primary's side only, the other side refusing writes (409 fenced) from the mediator's decision on; active/passive
 * primaries keep serving; nothing acknowledged is missing from the winner. After the heal the loser stays fenced
 * until a reprotect; then both sides hold the same bytes.
 */
public final class PartitionDrill {

    private static final Duration POLL = Duration.ofMillis(250);
    private static final List<String> LINKS = List.of("array-b-to-c", "array-c-to-b");
    private static final List<Kind> KINDS = List.of(Kind.SYNC_AA_MED, Kind.SYNC_AP_MED);

    private final DrillOptions options;
    private final LinkProxyClient links;
    private final PrintStream out;
    private final Cinder cinder;
    private final Arrays arrays;
    private final Mediator mediator;
    private final Map<Kind, List<SiteLossDrill.DrillVolume>> volumes = new EnumMap<>(Kind.class);
    private final Map<Kind, KindOutcome> outcomes = new EnumMap<>(Kind.class);
    private final Map<Kind, Outcome> partition = new EnumMap<>(Kind.class);

    /** What only a partition measures, per kind. */
    private static final class Outcome {
        Double decidedSeconds;
        Double loserRefusedSeconds;
        long ackedOnLoserAfterDecision;
        Double winnerPauseSeconds;
        String resync = "-";
    }

    public PartitionDrill(DrillOptions options, LinkProxyClient links, PrintStream out) {
        this.options = options;
        this.links = links;
        this.out = out;
        Http http = new Http();
        this.cinder = new Cinder(http, options.apiUrl(), options.project(), options.token());
        this.arrays = new Arrays(http, options.arrayUrls(), options.arrayToken());
        this.mediator = new Mediator(http, options.mediatorUrl(), options.mediatorToken());
    }

    /** One outcome per kind (the partition's columns are in the table and the JSON), and where the JSON went. */
    public record Report(List<KindOutcome> kinds, String table, Path json) {

        public boolean ok() {
            return kinds.stream().allMatch(KindOutcome::ok);
        }
    }

    public Report run() {
        List<String> declaredLost = mediator.declaredLost();
        if (!declaredLost.isEmpty()) {
            throw new DrillException("the mediator still declares " + declaredLost + " lost: volumes go on alone"
                    + " without it since an earlier loss; reprotect them (or fail them back) first");
        }
        String run = UUID.randomUUID().toString().substring(0, 8);
        KINDS.forEach(kind -> {
            outcomes.put(kind, new KindOutcome(kind, kind.name(options.asyncRpoSeconds())));
            partition.put(kind, new Outcome());
        });
        createVolumes(run);
        startWriters();
        say("steady writes for " + options.steady().toSeconds() + " s");
        Waits.pause(options.steady());
        long decisionsBefore = mediator.lastSeq();

        long t0 = System.currentTimeMillis();
        say("black-holing " + LINKS);
        try {
            LINKS.forEach(link -> links.set(link, "blackhole"));
            long decidedAt = decision(decisionsBefore, t0);
            // Long enough to see the loser refuse and the winner go on, whatever the decision's time.
            Waits.pause(Duration.ofMillis(Math.max(0, Math.max(decidedAt, t0) + options.pauseBound().toMillis()
                    + 2000 - System.currentTimeMillis())));
            onePrimaryServes(t0, decidedAt);
            nothingMissingOnWinner();
        } finally {
            say("healing " + LINKS);
            LINKS.forEach(link -> links.set(link, "up"));
        }
        loserStaysFenced();
        resync();
        compare();

        String table = table();
        out.print(table);
        return new Report(List.copyOf(outcomes.values()), table, writeJson(t0));
    }

    private void createVolumes(String run) {
        for (Kind kind : KINDS) {
            String type = cinder.createType("partition-" + kind.label + "-" + run,
                    kind.extraSpecs(options.backend(), options.asyncRpoSeconds()));
            List<SiteLossDrill.DrillVolume> created = new ArrayList<>();
            for (int i = 0; i < options.volumesPerKind(); i++) {
                String id = cinder.createVolume("partition-" + kind.label + "-" + i + "-" + run, type, 1);
                created.add(new SiteLossDrill.DrillVolume(id, kind));
                outcomes.get(kind).volumes.add(id);
            }
            volumes.put(kind, created);
        }
        say("created " + all().size() + " volumes on " + options.backend() + "; waiting until replicated");
        Waits.until("every drill volume is available and replicated", Duration.ofMinutes(4), Duration.ofSeconds(1),
                () -> all().stream().allMatch(volume -> {
                    JsonNode view = cinder.volume(volume.id);
                    return view.path("status").asText().equals("available")
                            && view.path("replication_status").asText().equals("enabled");
                }));
    }

    private void startWriters() {
        long seed = 101;
        for (SiteLossDrill.DrillVolume volume : all()) {
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

    /** The mediator's link_lost decision: when it was decided (epoch ms), measured from the cut. */
    private long decision(long decisionsBefore, long t0) {
        JsonNode[] decision = new JsonNode[1];
        boolean seen = Waits.within(options.detectBound().plus(Duration.ofSeconds(30)), POLL, () -> {
            decision[0] = mediator.decisionsAfter(decisionsBefore).stream()
                    .filter(d -> d.path("verdict").asText().equals("link_lost")).findFirst().orElse(null);
            return decision[0] != null;
        });
        if (!seen) {
            KINDS.forEach(kind -> outcomes.get(kind).fail("the mediator decided nothing about the cut link"));
            return Long.MAX_VALUE;
        }
        long decidedAt = Instant.parse(decision[0].path("decided_at").asText()).toEpochMilli();
        double detect = (Instant.parse(decision[0].path("detected_at").asText()).toEpochMilli() - t0) / 1000.0;
        say("the mediator decided link_lost " + (decidedAt - t0) / 1000.0 + " s after the cut (detected after "
                + detect + " s)");
        for (Kind kind : KINDS) {
            outcomes.get(kind).detectSeconds = detect;
            partition.get(kind).decidedSeconds = (decidedAt - t0) / 1000.0;
            for (JsonNode action : decision[0].path("volumes")) {
                if (outcomes.get(kind).volumes.contains(action.path("id").asText())) {
                    outcomes.get(kind).fencedBy.add(action.path("id").asText() + "=" + action.path("action").asText()
                            + "@" + action.path("side").asText());
                }
            }
        }
        return decidedAt;
    }

    /**
     * Active/active: the loser (site-b's side) answers 409 fenced within the bound, and acknowledged nothing after
     * the decision; the winner's host saw no error and no longer pause than the bound. Active/passive: the primary's
     * host likewise.
     */
    private void onePrimaryServes(long t0, long decidedAt) {
        double bound = options.pauseBound().toMillis() / 1000.0;
        for (Kind kind : KINDS) {
            KindOutcome outcome = outcomes.get(kind);
            Outcome measured = partition.get(kind);
            double pause = 0;
            double refused = 0;
            for (SiteLossDrill.DrillVolume volume : volumes.get(kind)) {
                Writer winner = kind == Kind.SYNC_AA_MED ? volume.primaryWriter : volume.writer;
                List<WriteLog.Write> onWinner = volume.log.where(w -> w.site().equals(options.primary())
                        && w.ackedAt() >= t0);
                List<WriteLog.Write> failed = onWinner.stream().filter(w -> !w.acknowledged()).toList();
                if (!failed.isEmpty()) {
                    outcome.fail(volume.id + ": " + failed.size() + " writes on " + options.primary()
                            + " (the winner) not acknowledged after the cut (first: " + failed.get(0).status() + " "
                            + failed.get(0).fault() + ")");
                }
                if (onWinner.stream().noneMatch(WriteLog.Write::acknowledged)) {
                    outcome.fail(volume.id + ": nothing acknowledged on " + options.primary() + " after the cut");
                }
                for (WriteLog.Write write : onWinner) {
                    pause = Math.max(pause, (write.ackedAt() - write.sentAt()) / 1000.0);
                }
                if (winner != null && kind == Kind.SYNC_AA_MED) {
                    Long firstFenced = volume.log.where(w -> w.site().equals(options.survivor()) && w.ackedAt() >= t0
                                    && w.status() == 409 && "fenced".equals(w.fault())).stream()
                            .map(WriteLog.Write::ackedAt).min(Long::compare).orElse(null);
                    if (firstFenced == null) {
                        outcome.fail(volume.id + ": " + options.survivor() + " never answered 409 fenced after the cut");
                    } else {
                        refused = Math.max(refused, (firstFenced - t0) / 1000.0);
                    }
                    long late = volume.log.where(w -> w.site().equals(options.survivor()) && w.acknowledged()
                            && w.ackedAt() > decidedAt).size();
                    measured.ackedOnLoserAfterDecision += late;
                    if (late > 0) {
                        outcome.fail(volume.id + ": " + late + " writes acknowledged on " + options.survivor()
                                + " (the loser) after the mediator's decision");
                    }
                }
            }
            measured.winnerPauseSeconds = pause;
            outcome.pauseSeconds = pause;
            outcome.rtoSeconds = 0.0;
            outcome.rtoBoundSeconds = bound;
            if (pause > bound) {
                outcome.fail("a write on " + options.primary() + " took " + pause + " s after the cut, bound " + bound
                        + " s");
            }
            if (kind == Kind.SYNC_AA_MED) {
                measured.loserRefusedSeconds = refused;
                if (refused > bound) {
                    outcome.fail(options.survivor() + " still acknowledged writes " + refused
                            + " s after the cut, bound " + bound + " s");
                }
            }
        }
    }

    /** No write acknowledged on either side is missing from the winner. */
    private void nothingMissingOnWinner() {
        for (SiteLossDrill.DrillVolume volume : all()) {
            KindOutcome outcome = outcomes.get(volume.kind);
            Map<Long, Long> lastAcked = volume.log.lastAcknowledged();
            long[] held = seqsOn(options.primary(), volume);
            lastAcked.forEach((block, seq) -> {
                if (held[block.intValue()] < seq) {
                    outcome.lostWrites++;
                    outcome.lostBytes += Payloads.BLOCK;
                }
            });
            String older = Blocks.older(lastAcked, held);
            if (older != null) {
                outcome.fail(volume.id + ": on the winner " + options.primary() + ", " + older);
            }
        }
    }

    /** After the heal, the loser still refuses: no automatic resync (docs/failover.md). */
    private void loserStaysFenced() {
        // A refusal means something only once both arrays reach each other again.
        Waits.until("both arrays reach each other after the heal", Duration.ofSeconds(30), POLL,
                () -> arrays.reachesPeers(options.primary()) && arrays.reachesPeers(options.survivor()));
        long probeBlock = options.blocksPerVolume() + 1;
        for (SiteLossDrill.DrillVolume volume : volumes.get(Kind.SYNC_AA_MED)) {
            Http.Answer answer = arrays.write(options.survivor(), volume.id, probeBlock * Payloads.BLOCK,
                    Payloads.of(volume.id, probeBlock, 1));
            outcomes.get(volume.kind).returnAnswers.add(volume.id + "=" + answer.status() + " " + answer.faultKind());
            if (!(answer.status() == 409 && "fenced".equals(answer.faultKind()))) {
                outcomes.get(volume.kind).fail(volume.id + ": after the heal " + options.survivor()
                        + " answered a write " + answer.describe() + ", not 409 fenced");
            }
        }
    }

    /**
     * Reprotect through the API. The API reprotects failed-over volumes only, and a partition the primary won fails
     * nothing over; then the operator's reprotect is the arrays' own, on the winner (what docs/failover.md's
     * runbook for a lost control plane uses too). The report says which it took.
     */
    private void resync() {
        // The fenced side's hosts wait for the resync, as their I/O failed anyway: a write on the joining side while
        // its peer copies blocks can fail to mirror and stay on its disk alone until that volume's next write.
        volumes.get(Kind.SYNC_AA_MED).forEach(volume -> volume.writer.pointAt(null));
        List<String> ids = all().stream().map(v -> v.id).toList();
        String operation = cinder.reprotect(ids, "drill: partition healed");
        JsonNode done = cinder.awaitEnd(operation, options.operationTimeout());
        boolean viaApi = done.path("state").asText().equals("completed");
        for (Kind kind : KINDS) {
            // The refusal's first clause: the rest names every volume.
            partition.get(kind).resync = viaApi ? "api" : "array (API: " + done.path("refusal").asText(
                    done.path("state").asText()).split(":")[0] + ")";
        }
        if (!viaApi) {
            say("the API did not reprotect (" + done.path("state").asText() + ": " + done.path("refusal").asText()
                    + "); reprotecting on " + options.primary() + "'s array");
            // Right after the heal a call may still find a connection the cut left hanging: asked again until it goes
            // through (the array answers 503 meanwhile, nothing changed).
            for (SiteLossDrill.DrillVolume volume : all()) {
                String[] last = new String[1];
                boolean reprotected = Waits.within(Duration.ofSeconds(60), Duration.ofSeconds(1), () -> {
                    try {
                        arrays.reprotect(options.primary(), volume.id);
                        return true;
                    } catch (DrillException e) {
                        last[0] = e.getMessage();
                        return false;
                    }
                });
                if (!reprotected) {
                    outcomes.get(volume.kind).fail(volume.id + ": reprotect on " + options.primary() + ": " + last[0]);
                }
            }
        }
        volumes.get(Kind.SYNC_AA_MED).forEach(volume -> volume.writer.pointAt(options.survivor()));
    }

    /** A few more writes, then both sides hold the same bytes: those the write log says. */
    private void compare() {
        SiteLossDrill.awaitMoreWrites(all(), 5);
        all().forEach(SiteLossDrill.DrillVolume::stopWriters);
        long deadline = System.currentTimeMillis() + 60_000;
        int length = (options.blocksPerVolume() + 2) * Payloads.BLOCK;
        for (SiteLossDrill.DrillVolume volume : all()) {
            KindOutcome outcome = outcomes.get(volume.kind);
            boolean equal = Waits.within(Duration.ofMillis(Math.max(0, deadline - System.currentTimeMillis())),
                    Duration.ofMillis(500), () -> java.util.Arrays.equals(
                            arrays.read(options.primary(), volume.id, 0, length),
                            arrays.read(options.survivor(), volume.id, 0, length)));
            if (!equal) {
                outcome.checksumsEqual = false;
                outcome.fail(volume.id + ": the two sides still differ after the resync");
            }
            String older = Blocks.older(volume.log.lastAcknowledged(), seqsOn(options.survivor(), volume));
            if (older != null) {
                outcome.fail(volume.id + ": after the resync, on " + options.survivor() + ", " + older);
            }
        }
    }

    private long[] seqsOn(String site, SiteLossDrill.DrillVolume volume) {
        byte[] data = arrays.read(site, volume.id, 0, options.blocksPerVolume() * Payloads.BLOCK);
        long[] seqs = new long[options.blocksPerVolume()];
        for (int block = 0; block < seqs.length; block++) {
            seqs[block] = Payloads.seqOf(volume.id, block, data, block * Payloads.BLOCK);
        }
        return seqs;
    }

    private List<SiteLossDrill.DrillVolume> all() {
        return volumes.values().stream().flatMap(List::stream).toList();
    }

    private String table() {
        StringBuilder table = new StringBuilder(String.format("%-12s %-7s %-8s %-7s %-14s %-16s %-13s %-10s %s%n",
                "KIND", "VOLUMES", "DECIDED", "WINNER", "LOSER REFUSED", "ACKED ON LOSER", "WINNER PAUSE",
                "RESYNC", "RESULT"));
        for (Kind kind : KINDS) {
            KindOutcome outcome = outcomes.get(kind);
            Outcome measured = partition.get(kind);
            table.append(String.format("%-12s %-7d %-8s %-7s %-14s %-16s %-13s %-10s %s%n", outcome.name(),
                    outcome.volumes.size(), seconds(measured.decidedSeconds), options.primary(),
                    kind == Kind.SYNC_AA_MED ? seconds(measured.loserRefusedSeconds) : "-",
                    kind == Kind.SYNC_AA_MED ? measured.ackedOnLoserAfterDecision + " after decision" : "-",
                    seconds(measured.winnerPauseSeconds), measured.resync.startsWith("array") ? "array" : measured.resync,
                    outcome.ok() ? "ok" : "FAIL"));
        }
        for (Kind kind : KINDS) {
            if (partition.get(kind).resync.startsWith("array")) {
                table.append("  ").append(outcomes.get(kind).name()).append(": resync ")
                        .append(partition.get(kind).resync).append('\n');
            }
            outcomes.get(kind).failures().forEach(failure -> table.append("  ").append(outcomes.get(kind).name())
                    .append(": ").append(failure).append('\n'));
        }
        return table.toString();
    }

    private Path writeJson(long t0) {
        ObjectNode root = Http.JSON.createObjectNode();
        root.put("drill", "partition");
        root.put("cut_at", Instant.ofEpochMilli(t0).toString());
        root.put("winner", options.primary());
        root.put("loser", options.survivor());
        ArrayNode kinds = root.putArray("kinds");
        for (Kind kind : KINDS) {
            ObjectNode node = outcomes.get(kind).json();
            Outcome measured = partition.get(kind);
            node.put("decided_seconds", measured.decidedSeconds);
            node.put("loser_refused_seconds", measured.loserRefusedSeconds);
            node.put("acked_on_loser_after_decision", measured.ackedOnLoserAfterDecision);
            node.put("winner_pause_seconds", measured.winnerPauseSeconds);
            node.put("resync", measured.resync);
            kinds.add(node);
        }
        root.put("result", outcomes.values().stream().allMatch(KindOutcome::ok) ? "ok" : "fail");
        try {
            Files.createDirectories(options.reportDir());
            Path json = options.reportDir().resolve("partition.json");
            Http.JSON.writerWithDefaultPrettyPrinter().writeValue(json.toFile(), root);
            WriteLog.writeCsv(options.reportDir().resolve("partition-writes.csv"), all().stream()
                    .map(v -> Map.entry(v.kind.name(options.asyncRpoSeconds()), v.log)).toList());
            return json;
        } catch (IOException e) {
            throw new UncheckedIOException("the report could not be written to " + options.reportDir(), e);
        }
    }

    private static String seconds(Double value) {
        return value == null ? "-" : String.format("%.1f s", value);
    }

    private void say(String message) {
        out.println("drill: " + message);
        out.flush();
    }
}
