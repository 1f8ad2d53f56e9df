package org.replication.v3.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Closed-loop read load: {@code clients} threads each send the next request as soon as the last one answered,
 * first for a warm-up, then for the measured period. Throughput and latency come from the measured period only.
 */
final class ReadLoad {

    private final Options options;
    private final int clients;
    private final int volumes;
    private final String project;
    private final CinderClient cinder;
    private final String projectUrl;
    private final String token;

    ReadLoad(Options options) {
        this.options = options;
        this.clients = options.clients();
        this.volumes = options.number("volumes", 20);
        this.project = options.project();
        this.cinder = CinderClient.forProject(options, project);
        this.projectUrl = options.url() + "/" + project;
        this.token = options.text("token", "admin:" + project);
    }

    Report run() throws InterruptedException {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < volumes; i++) {
            ids.add(CinderClient.id(cinder.post("/volumes",
                    "{\"volume\": {\"size\": 1, \"name\": \"read-" + i + "\"}}")));
        }
        awaitAvailable(ids.size());
        int warmup = options.number("warmup", 5);
        int seconds = options.number("seconds", 20);
        Report report = new Report("read load: " + clients + " clients, " + warmup + " s warm-up, " + seconds
                + " s measured, project " + project + " with " + volumes + " volumes");
        measure(report, "GET volumes/{id}",
                () -> "/volumes/" + ids.get(ThreadLocalRandom.current().nextInt(ids.size())), warmup, seconds);
        measure(report, "GET volumes/detail", () -> "/volumes/detail", warmup, seconds);
        ids.forEach(id -> cinder.delete("/volumes/" + id));
        return report;
    }

    private void measure(Report report, String name, Supplier<String> path, int warmup, int seconds)
            throws InterruptedException {
        run(path, warmup, new Latencies());
        Latencies latencies = new Latencies();
        double elapsed = run(path, seconds, latencies);
        report.add(name + " throughput", latencies.count() / elapsed, "requests/s")
                .add(name + " p50", latencies.percentileMillis(0.50), "ms")
                .add(name + " p99", latencies.percentileMillis(0.99), "ms")
                .add(name + " max", latencies.percentileMillis(1.0), "ms")
                .add(name + " non-2xx", Integer.toString(latencies.failures()));
    }

    private double run(Supplier<String> path, int seconds, Latencies latencies) throws InterruptedException {
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        for (int c = 0; c < clients; c++) {
            pool.execute(() -> {
                try (KeepAliveConnection connection = new KeepAliveConnection(projectUrl, token,
                        CinderClient.MICROVERSION)) {
                    while (System.nanoTime() < end) {
                        long sent = System.nanoTime();
                        int status = connection.get(path.get());
                        latencies.record(System.nanoTime() - sent, status / 100 == 2);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(seconds + 60L, TimeUnit.SECONDS);
        return (System.nanoTime() - start) / 1e9;
    }

    private void awaitAvailable(int expected) throws InterruptedException {
        long deadline = System.currentTimeMillis() + TimeUnit.SECONDS.toMillis(120);
        while (cinder.countVolumes("available") < expected) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException(expected + " volumes did not become available in 120 s");
            }
            Thread.sleep(100);
        }
    }
}
