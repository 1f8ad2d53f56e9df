package org.replication.v3.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Paging through a large number of volumes as an admin: {@code volumes/detail?all_tenants=1&limit=L} page after page
 * by marker in Cinder's default order (newest first), then the plain {@code volumes?all_tenants=1} (its default page,
 * the API's maximum) the same way, one client, each page timed; the first page alone is timed repeatedly. The
 * api-service's resident memory (VmRSS) is read before and after each walk and every few pages.
 *
 * <p>The volumes come from {@link ReadSeed} (one created through the API, the rest copied in its table) unless the
 * project has them already ({@code --project=} of an earlier run with {@code --keep}).
 */
final class ListLoad {

    private static final Pattern NEXT =
            Pattern.compile("\"rel\"\\s*:\\s*\"next\"\\s*,\\s*\"href\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");
    private static final int FIRST_PAGE_ROUNDS = 50;

    private final Options options;
    private final int volumes;
    private final int limit;
    private final String project;
    private final CinderClient cinder;
    private final ReadSeed seed;
    private final Path apiPidFile;

    ListLoad(Options options) {
        this.options = options;
        this.volumes = options.number("volumes", 100_000);
        this.limit = options.number("limit", 100);
        this.project = options.project();
        this.cinder = CinderClient.forProject(options, project);
        this.seed = new ReadSeed(options);
        this.apiPidFile = Path.of(options.text("suite-dir", ".suite"), "pids", "api-service.pid");
    }

    Report run() throws Exception {
        Report report = new Report("list: " + volumes + " volumes seeded in project " + project + ", admin paging"
                + " all_tenants=1, detail limit=" + limit + ", one client");
        long present = seed.count(project);
        UUID original = null;
        if (present < volumes) {
            original = UUID.fromString(CinderClient.id(cinder.post("/volumes",
                    "{\"volume\": {\"size\": 1, \"name\": \"list\"}}")));
            awaitAvailable();
            long nanos = seed.copy(original, "list", volumes - 1 - (int) present);
            report.add("seed (SQL copies of one volume)", TimeUnit.NANOSECONDS.toMillis(nanos) / 1000.0, "s");
        }
        report.add("api-service VmRSS before", rss(), "MiB");
        walk(report, "detail", "/volumes/detail?all_tenants=1&limit=" + limit);
        walk(report, "summary", "/volumes?all_tenants=1");
        report.add("api-service VmRSS after", rss(), "MiB");
        if (original != null && !options.flag("keep")) {
            report.add("seeded rows removed", Integer.toString(seed.remove(project, original)));
            cinder.delete("/volumes/" + original);
        }
        return report;
    }

    /** Every page from the first by marker; the first page timed alone too. */
    private void walk(Report report, String name, String first) throws IOException {
        Latencies firstPage = new Latencies();
        for (int i = 0; i < FIRST_PAGE_ROUNDS; i++) {
            timed(first, firstPage);
        }
        Latencies all = new Latencies();
        Latencies deep = new Latencies();
        int pages = 0;
        long rows = 0;
        double maxRss = rss();
        long start = System.nanoTime();
        String path = first;
        List<Long> times = new ArrayList<>();
        while (path != null) {
            long sent = System.nanoTime();
            CinderClient.Response page = cinder.get(path);
            long elapsed = System.nanoTime() - sent;
            if (!page.ok()) {
                throw new IllegalStateException(name + " page " + pages + " failed: " + page);
            }
            all.record(elapsed, true);
            times.add(elapsed);
            int count = countIds(page.body());
            rows += count;
            pages++;
            if (pages % 50 == 0) {
                maxRss = Math.max(maxRss, rss());
            }
            String next = CinderClient.first(NEXT, page.body());
            path = "?".equals(next) ? null : next.substring(next.indexOf("/volumes"));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        // the last tenth of the walk: the pages furthest from the first
        for (int i = times.size() - Math.max(1, times.size() / 10); i < times.size(); i++) {
            deep.record(times.get(i), true);
        }
        maxRss = Math.max(maxRss, rss());
        String label = name + " (" + first + ")";
        report.add(label + " pages", pages + " pages, " + rows + " volumes in "
                        + String.format(Locale.ROOT, "%.1f s", seconds))
                .add(label + " first page p50/p99/max", percentiles(firstPage))
                .add(label + " all pages p50/p99/max", percentiles(all))
                .add(label + " deepest tenth p50/p99/max", percentiles(deep))
                .add(label + " api-service VmRSS max", maxRss, "MiB");
    }

    private void timed(String path, Latencies latencies) {
        long sent = System.nanoTime();
        CinderClient.Response page = cinder.get(path);
        latencies.record(System.nanoTime() - sent, page.ok());
    }

    private static String percentiles(Latencies latencies) {
        return String.format(Locale.ROOT, "%.1f / %.1f / %.1f ms (%d non-2xx)",
                latencies.percentileMillis(0.5), latencies.percentileMillis(0.99), latencies.percentileMillis(1.0),
                latencies.failures());
    }

    /** Volumes in a page: each has one "id" before its links (a summary's links have none). */
    private static int countIds(String body) {
        int count = 0;
        var matcher = ID.matcher(body);
        while (matcher.find()) {
            count++;
        }
        return count;
    }

    /** The api-service's resident memory in MiB, from /proc (NaN when its pid file is not found). */
    private double rss() {
        try {
            String pid = Files.readString(apiPidFile).trim();
            for (String line : Files.readAllLines(Path.of("/proc", pid, "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }

    private void awaitAvailable() throws InterruptedException {
        long deadline = System.currentTimeMillis() + TimeUnit.SECONDS.toMillis(120);
        while (cinder.countVolumes("available") < 1) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("the seed volume did not become available in 120 s");
            }
            Thread.sleep(100);
        }
    }
}
