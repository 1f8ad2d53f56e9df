package org.replication.v3.mediator.journal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.replication.v3.mediator.verdict.Action;
import org.replication.v3.mediator.verdict.Decision;
import org.replication.v3.mediator.verdict.VolumeAction;

/**
 * The mediator's only state, in {@code mediator.data-dir}: {@code decisions.jsonl}, one JSON object per line, each
 * appended and forced to disk before the caller goes on, and {@code boot}, the boot counter.
 * <p>
 * Lines: {@code {"type": "decision", "decision": {...}}} before the decision's first array call;
 * {@code {"type": "result", "id", "side", "call": "fence"|"promote", "volumes": [...]}} once an array answered a batch;
 * {@code {"type": "done", "id"}} once every call was answered; {@code {"type": "reprotected", "pair", "side",
 * "after_seq"}} once a side declared lost may be promoted again. {@link #open} replays them, so a decision cut short by
 * a crash is found unfinished, with the batches already answered, and is finished rather than decided again. A last
 * line torn by a crash mid-append is dropped (its decision made no array call yet). Opening also counts a boot: the
 * counter is the epoch the mediator sends the arrays, so a restarted mediator outranks its earlier self.
 */
public final class DecisionJournal {

    public static final String FENCE = "fence";
    public static final String PROMOTE = "promote";

    static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    record Entry(String type, Decision decision, String id, String side, String call, List<VolumeAction> volumes,
            String pair, Long afterSeq) {

        static Entry of(String type, Decision decision, String id, String side, String call,
                List<VolumeAction> volumes) {
            return new Entry(type, decision, id, side, call, volumes, null, null);
        }
    }

    /**
     * A side declared lost that its survivor no longer goes on alone without (reprotected), journaled after the
     * decision {@code afterSeq}, so that a restart does not take it for lost again.
     */
    public record Reprotected(String pair, String side, long afterSeq) {
    }

    /** A journaled decision with the batches answered so far. */
    public static final class Journaled {

        private final Decision decision;
        private final Map<String, List<VolumeAction>> answered = new LinkedHashMap<>();
        private boolean done;

        Journaled(Decision decision) {
            this.decision = decision;
        }

        public Decision decision() {
            return decision;
        }

        public synchronized boolean done() {
            return done;
        }

        public synchronized boolean answered(String side, String call) {
            return answered.containsKey(side + "/" + call);
        }

        /** The decision with each answered volume's new generation (promote) and refusal. */
        public synchronized Decision view() {
            Map<String, VolumeAction> results = new HashMap<>();
            answered.forEach((key, volumes) -> volumes.forEach(v -> results.put(key + "/" + v.id(), v)));
            List<VolumeAction> volumes = decision.volumes().stream().map(v -> {
                VolumeAction result = v.needsCall() ? results.get(v.side() + "/" + call(v.action()) + "/" + v.id())
                        : null;
                return result == null ? v : v.answered(result.generation(), result.error());
            }).toList();
            Decision d = decision;
            return new Decision(d.id(), d.seq(), d.pair(), d.verdict(), d.survivor(), d.lostSide(), d.detectedAt(),
                    d.decidedAt(), volumes, d.epoch(), d.reason());
        }
    }

    /** The batch call an action takes. */
    public static String call(Action action) {
        return action == Action.FENCED ? FENCE : PROMOTE;
    }

    private final Path file;
    private final FileChannel channel;
    private final long epoch;
    private final List<Journaled> decisions = new ArrayList<>();
    private final Map<String, Journaled> byId = new HashMap<>();
    private final List<Reprotected> reprotected = new ArrayList<>();

    private DecisionJournal(Path file, FileChannel channel, long epoch) {
        this.file = file;
        this.channel = channel;
        this.epoch = epoch;
    }

    /** Opens (or creates) the journal in {@code dir}, counts this boot and replays every decision. */
    public static DecisionJournal open(Path dir) throws IOException {
        Files.createDirectories(dir);
        long epoch = countBoot(dir);
        Path file = dir.resolve("decisions.jsonl");
        boolean created = !Files.exists(file);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        if (created) {
            forceDirectory(dir);
        }
        DecisionJournal journal = new DecisionJournal(file, channel, epoch);
        try {
            journal.replay();
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        return journal;
    }

    public long epoch() {
        return epoch;
    }

    public synchronized long nextSeq() {
        return decisions.isEmpty() ? 1 : decisions.get(decisions.size() - 1).decision().seq() + 1;
    }

    /** Appends a new decision and forces it to disk: only then may its first array call be made. */
    public synchronized Journaled append(Decision decision) throws IOException {
        if (decision.seq() != nextSeq() || byId.containsKey(decision.id())) {
            throw new IllegalArgumentException("decision " + decision.id() + " has seq " + decision.seq()
                    + "; the next is " + nextSeq());
        }
        write(Entry.of("decision", decision, null, null, null, null));
        return track(decision);
    }

    /** Records what an array answered to one batch of a decision. */
    public synchronized void answered(String decisionId, String side, String call, List<VolumeAction> volumes)
            throws IOException {
        Journaled journaled = existing(decisionId);
        write(Entry.of("result", null, decisionId, side, call, volumes));
        synchronized (journaled) {
            journaled.answered.put(side + "/" + call, List.copyOf(volumes));
        }
    }

    /** Every call of the decision was answered. */
    public synchronized void done(String decisionId) throws IOException {
        Journaled journaled = existing(decisionId);
        write(Entry.of("done", null, decisionId, null, null, null));
        synchronized (journaled) {
            journaled.done = true;
        }
    }

    /** {@code side} of {@code pair} is no longer declared lost. */
    public synchronized void reprotected(String pair, String side) throws IOException {
        Reprotected entry = new Reprotected(pair, side, nextSeq() - 1);
        write(new Entry("reprotected", null, null, side, null, null, pair, entry.afterSeq()));
        reprotected.add(entry);
    }

    /** Every reprotect journaled, in order; each after the decision of its {@code afterSeq}. */
    public synchronized List<Reprotected> reprotections() {
        return List.copyOf(reprotected);
    }

    public synchronized List<Journaled> all() {
        return List.copyOf(decisions);
    }

    public synchronized List<Journaled> unfinished() {
        return decisions.stream().filter(d -> !d.done()).toList();
    }

    /** The decisions after {@code seq}, oldest first, at most {@code limit}. */
    public synchronized List<Journaled> after(long seq, int limit) {
        return decisions.stream().filter(d -> d.decision().seq() > seq).limit(limit).toList();
    }

    public synchronized void close() throws IOException {
        channel.close();
    }

    private Journaled existing(String decisionId) {
        Journaled journaled = byId.get(decisionId);
        if (journaled == null) {
            throw new IllegalArgumentException("no decision " + decisionId + " in the journal");
        }
        return journaled;
    }

    private Journaled track(Decision decision) {
        Journaled journaled = new Journaled(decision);
        decisions.add(journaled);
        byId.put(decision.id(), journaled);
        return journaled;
    }

    private void write(Entry entry) throws IOException {
        byte[] line = (JSON.writeValueAsString(entry) + "\n").getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.wrap(line);
        long at = channel.size();
        while (buffer.hasRemaining()) {
            at += channel.write(buffer, at);
        }
        channel.force(false);
    }

    private void replay() throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        int start = 0;
        int line = 0;
        while (start < bytes.length) {
            int end = start;
            while (end < bytes.length && bytes[end] != '\n') {
                end++;
            }
            line++;
            String text = new String(bytes, start, end - start, StandardCharsets.UTF_8);
            if (end == bytes.length) {
                // No newline: the append was cut short by a crash, so its call was never made. Drop it.
                channel.truncate(start);
                channel.force(false);
                return;
            }
            Entry entry;
            try {
                entry = JSON.readValue(text, Entry.class);
            } catch (JsonProcessingException e) {
                throw new IOException(file + " line " + line + " is not a journal entry: " + e.getOriginalMessage(), e);
            }
            switch (entry.type()) {
                case "decision" -> track(entry.decision());
                case "result" -> existing(entry.id()).answered.put(entry.side() + "/" + entry.call(),
                        List.copyOf(entry.volumes()));
                case "done" -> existing(entry.id()).done = true;
                case "reprotected" -> reprotected.add(new Reprotected(entry.pair(), entry.side(), entry.afterSeq()));
                default -> throw new IOException(file + " line " + line + " has an unknown type " + entry.type());
            }
            start = end + 1;
        }
    }

    /** Reads, increments and durably replaces {@code boot}; the first boot is 1. */
    private static long countBoot(Path dir) throws IOException {
        Path boot = dir.resolve("boot");
        long previous = Files.exists(boot) ? Long.parseLong(Files.readString(boot).strip()) : 0;
        long epoch = previous + 1;
        Path temp = dir.resolve("boot.tmp");
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            out.write(ByteBuffer.wrap((epoch + "\n").getBytes(StandardCharsets.UTF_8)));
            out.force(true);
        }
        Files.move(temp, boot, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        forceDirectory(dir);
        return epoch;
    }

    private static void forceDirectory(Path dir) throws IOException {
        try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
            directory.force(true);
        }
    }
}
