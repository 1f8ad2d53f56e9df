package org.replication.v3.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A site loss under load: N mediated sync active/passive volumes on a backend whose array is at the lost site, then
 * kill -9 of that array's process group. Measured from the kill: when the mediator saw the loss (its decision's
 * {@code detected_at}), when the surviving array serves every volume (polled on the array), and when the control
 * plane has recorded every one failed over (the automatic operations' {@code done}). The targets (issue 13): the
 * loss seen within 5 s, every volume served by the survivor within the mediator's grace + 2 s. The suite is left
 * with the site lost: {@code bin/suite restart array-site-c} brings it back (fenced, as a returning site is).
 */
final class SiteLossTiming {

    private static final Pattern SEQ = Pattern.compile("\"seq\"\\s*:\\s*(\\d+)");
    private static final Pattern DONE = Pattern.compile("\"done\"\\s*:\\s*(\\d+)");
    private static final Pattern DETECTED = Pattern.compile("\"detected_at\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern DECIDED = Pattern.compile("\"decided_at\"\\s*:\\s*\"([^\"]+)\"");
    /** One volume of an array's list with only id, role and serving asked for: an object without nesting. */
    private static final Pattern VOLUME = Pattern.compile("\\{[^{}]*\\}");
    private static final Pattern VOLUME_ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern PRIMARY = Pattern.compile("\"role\"\\s*:\\s*\"primary\"");
    private static final Pattern SERVING = Pattern.compile("\"serving\"\\s*:\\s*true");
    private static final String MICROVERSION = "volume 3.73";

    private final Options options;
    private final Path data;
    private final String backend;
    private final String lostSite;
    private final String survivor;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    SiteLossTiming(Options options) {
        this.options = options;
        this.data = Path.of(options.text("suite-dir", ".suite"));
        this.backend = options.text("backend", "node1@fast");
        this.lostSite = options.text("site", "site-c");
        this.survivor = options.text("survivor", "site-b");
    }

    Report run() throws Exception {
        int volumes = options.number("volumes", 1000);
        Report report = new Report("site loss: " + lostSite + " (array " + backend + ") killed, " + volumes
                + " mediated sync active/passive volumes");
        String project = "siteloss" + System.currentTimeMillis();
        CinderClient cinder = new CinderClient(options.url(), project, "admin:" + project, MICROVERSION);
        long createStart = System.nanoTime();
        List<String> ids = create(cinder, volumes);
        report.add("created and replicating", String.format(Locale.ROOT, "%d volumes in %.1f s", ids.size(),
                (System.nanoTime() - createStart) / 1e9));
        String arrayToken = Files.readString(data.resolve("array-token")).trim();
        String mediatorToken = Files.readString(data.resolve("mediator-token")).trim();
        String survivorUrl = "http://127.0.0.1:" + port(survivor.equals("site-b") ? "ARRAY_B_PORT" : "ARRAY_C_PORT",
                survivor.equals("site-b") ? 8791 : 8792);
        String mediatorUrl = "http://127.0.0.1:" + port("MEDIATOR_PORT", 8795);
        long seqBefore = lastSeq(get(mediatorUrl + "/v1/decisions?after=0", mediatorToken));

        long pid = Long.parseLong(Files.readString(data.resolve("pids/array-" + lostSite + ".pid")).trim());
        Instant killedAt = Instant.now();
        long killed = System.nanoTime();
        new ProcessBuilder("kill", "-9", "--", "-" + pid).inheritIO().start().waitFor();

        Set<String> waiting = new HashSet<>(ids);
        long served = -1;
        long recorded = -1;
        long deadline = killed + TimeUnit.MINUTES.toNanos(options.number("timeout-minutes", 5));
        while ((served < 0 || recorded < 0) && System.nanoTime() < deadline) {
            if (served < 0) {
                Matcher volume = VOLUME.matcher(get(survivorUrl + "/v1/volumes?paired=true&fields=id,role,serving",
                        arrayToken));
                while (volume.find()) {
                    String one = volume.group();
                    Matcher id = VOLUME_ID.matcher(one);
                    if (PRIMARY.matcher(one).find() && SERVING.matcher(one).find() && id.find()) {
                        waiting.remove(id.group(1));
                    }
                }
                if (waiting.isEmpty()) {
                    served = System.nanoTime() - killed;
                }
            }
            if (recorded < 0 && automaticDone(cinder, killedAt) >= volumes) {
                recorded = System.nanoTime() - killed;
            }
            Thread.sleep(50);
        }
        // Only decisions carry detected_at and decided_at (their volumes do not).
        String decided = get(mediatorUrl + "/v1/decisions?after=" + seqBefore, mediatorToken);
        Instant detected = all(DETECTED, decided).stream().map(Instant::parse).min(Instant::compareTo).orElse(null);
        Instant lastDecided = all(DECIDED, decided).stream().map(Instant::parse).max(Instant::compareTo)
                .orElse(null);
        report.add("mediator grace", options.text("grace", "as the suite set it (MEDIATOR_GRACE)"))
                .add("loss detected by the mediator after the kill", seconds(killedAt, detected))
                .add("mediator's last decision after the kill", seconds(killedAt, lastDecided))
                .add("every volume served by " + survivor + " after the kill", served < 0 ? "not within the timeout ("
                        + waiting.size() + " not serving)" : String.format(Locale.ROOT, "%.2f s", served / 1e9))
                .add("every volume recorded failed-over (automatic operations) after the kill", recorded < 0
                        ? "not within the timeout" : String.format(Locale.ROOT, "%.2f s", recorded / 1e9))
                .add("next", "bin/suite restart array-" + lostSite + " brings the site back (its array stays fenced)");
        return report;
    }

    private List<String> create(CinderClient cinder, int volumes) throws Exception {
        String type = CinderClient.id(cinder.post("/types", "{\"volume_type\": {\"name\": \"siteloss-"
                + System.nanoTime() + "\", \"extra_specs\": {\"volume_backend_name\": \""
                + backend.substring(backend.indexOf('@') + 1) + "\", \"replication_enabled\": \"<is> True\","
                + " \"replication_mode\": \"sync\", \"replication_sync_topology\": \"active_passive\","
                + " \"replication_mediator\": \"<is> True\"}}}"));
        ConcurrentLinkedQueue<String> ids = new ConcurrentLinkedQueue<>();
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(options.clients());
        for (int c = 0; c < options.clients(); c++) {
            pool.execute(() -> {
                for (int i = next.getAndIncrement(); i < volumes; i = next.getAndIncrement()) {
                    ids.add(CinderClient.id(cinder.post("/volumes", "{\"volume\": {\"size\": 1, \"volume_type\": \""
                            + type + "\"}}")));
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.HOURS);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(60);
        while (cinder.countVolumes("available") < volumes) {
            if (System.nanoTime() > deadline || cinder.countVolumes("error") > 0) {
                throw new IllegalStateException("volumes did not all become available");
            }
            Thread.sleep(500);
        }
        return new ArrayList<>(ids);
    }

    /** The volumes the automatic operations started after the kill have failed over, summed. */
    private static int automaticDone(CinderClient cinder, Instant after) {
        String body = cinder.get("/replication/operations?automatic=true&limit=1000").body();
        int done = 0;
        for (String operation : body.split("\\{\"id\"")) {
            Matcher created = Pattern.compile("\"created_at\"\\s*:\\s*\"([^\"]+)\"").matcher(operation);
            Matcher count = DONE.matcher(operation);
            if (created.find() && count.find() && !parse(created.group(1)).isBefore(after)) {
                done += Integer.parseInt(count.group(1));
            }
        }
        return done;
    }

    private static Instant parse(String timestamp) {
        return Instant.parse(timestamp.endsWith("Z") || timestamp.contains("+") ? timestamp : timestamp + "Z");
    }

    /** The highest decision seq in a page of decisions (0 when there is none). */
    private static long lastSeq(String body) {
        return all(SEQ, body).stream().mapToLong(Long::parseLong).max().orElse(0);
    }

    private static List<String> all(Pattern pattern, String body) {
        List<String> found = new ArrayList<>();
        Matcher matcher = pattern.matcher(body);
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
    }

    private String get(String url, String token) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(10)).header("X-Auth-Token", token).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private int port(String variable, int fallback) throws IOException {
        Path env = data.resolve("suite.env");
        if (Files.exists(env)) {
            for (String line : Files.readAllLines(env)) {
                if (line.startsWith(variable + "=")) {
                    return Integer.parseInt(line.substring(variable.length() + 1).replace("\"", "").trim());
                }
            }
        }
        return fallback;
    }

    private static String seconds(Instant from, Instant to) {
        return to == null ? "no decision seen" : String.format(Locale.ROOT, "%.2f s",
                Duration.between(from, to).toMillis() / 1000.0);
    }
}
