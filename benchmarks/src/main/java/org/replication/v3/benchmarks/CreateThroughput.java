package org.replication.v3.benchmarks;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;
import java.util.function.IntSupplier;

/**
 * Volumes per second from the first POST to the last volume {@code available}: the whole path (API, outbox,
 * Kafka, scheduler, volume-service and its driver, events back to the API). Then the same for deleting them.
 */
final class CreateThroughput {

    private static final long POLL_MILLIS = 50;

    private final Options options;
    private final int volumes;
    private final int clients;
    private final String project;
    private final CinderClient cinder;
    private final long timeoutMillis;

    CreateThroughput(Options options) {
        this.options = options;
        this.volumes = options.number("volumes", 1000);
        this.clients = options.clients();
        this.project = options.project();
        this.cinder = CinderClient.forProject(options, project);
        this.timeoutMillis = TimeUnit.SECONDS.toMillis(options.number("timeout", 600));
    }

    Report run() throws InterruptedException {
        ConcurrentLinkedQueue<String> ids = new ConcurrentLinkedQueue<>();
        Latencies posts = new Latencies();
        long start = System.nanoTime();
        runConcurrently(volumes, i -> {
            long sent = System.nanoTime();
            CinderClient.Response response = cinder.post("/volumes",
                    "{\"volume\": {\"size\": 1, \"name\": \"bench-" + i + "\"}}");
            posts.record(System.nanoTime() - sent, response.ok());
            if (response.ok()) {
                ids.add(CinderClient.id(response));
            }
            return null;
        });
        double submitSeconds = seconds(start);
        int settled = awaitCount(() -> cinder.countVolumes("available") + cinder.countVolumes("error"),
                n -> n >= ids.size());
        double createSeconds = seconds(start);
        int failed = cinder.countVolumes("error");

        Report report = new Report("create throughput: " + volumes + " volumes of 1 GB, " + clients
                + " clients, project " + project)
                .add("POST accepted", (posts.count() - posts.failures()) + " of " + posts.count())
                .add("POST rate", ids.size() / submitSeconds, "requests/s")
                .add("POST latency p50", posts.percentileMillis(0.50), "ms")
                .add("POST latency p99", posts.percentileMillis(0.99), "ms")
                .add("settled (available or error)", settled + " of " + ids.size())
                .add("ended in error", Integer.toString(failed))
                .add("create, end to end", (settled - failed) / createSeconds, "volumes/s")
                .add("time to last available", createSeconds, "s");
        if (!options.flag("keep")) {
            deleteAll(List.copyOf(ids), report);
        }
        return report;
    }

    private void deleteAll(List<String> created, Report report) throws InterruptedException {
        Latencies deletes = new Latencies();
        long start = System.nanoTime();
        runConcurrently(created.size(), i -> {
            long sent = System.nanoTime();
            CinderClient.Response response = cinder.delete("/volumes/" + created.get(i));
            deletes.record(System.nanoTime() - sent, response.ok());
            return null;
        });
        int remaining = awaitCount(() -> cinder.countVolumes(null), n -> n == 0);
        double deleteSeconds = seconds(start);
        report.add("DELETE accepted", (deletes.count() - deletes.failures()) + " of " + deletes.count())
                .add("delete, end to end", (created.size() - remaining) / deleteSeconds, "volumes/s")
                .add("left after delete", Integer.toString(remaining));
    }

    private void runConcurrently(int tasks, IntFunction<Void> task) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        for (int c = 0; c < clients; c++) {
            pool.execute(() -> {
                for (int i = next.getAndIncrement(); i < tasks; i = next.getAndIncrement()) {
                    task.apply(i);
                }
            });
        }
        pool.shutdown();
        if (!pool.awaitTermination(timeoutMillis, TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("requests did not finish in time");
        }
    }

    /** Polls the API's own count (one cheap query) until {@code done} holds or the timeout passes. */
    private int awaitCount(IntSupplier count, IntPredicate done) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        int now = count.getAsInt();
        while (!done.test(now) && System.currentTimeMillis() < deadline) {
            Thread.sleep(POLL_MILLIS);
            now = count.getAsInt();
        }
        return now;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
