package org.replication.v3.benchmarks;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Failover speed through the one failover API: a whole backend (every volume on it replicated) for each size
 * asked, from the request to the operation's last volume failed over, then failed back; and volume-scope failovers
 * one after the other, request to completion, for their p50 and p99.
 */
final class FailoverTiming {

    private static final Pattern STATE = Pattern.compile("\"state\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern DONE = Pattern.compile("\"done\"\\s*:\\s*(\\d+)");
    private static final Pattern FAILED = Pattern.compile("\"failed\"\\s*:\\s*(\\d+)");
    private static final Pattern REPLICATION_STATUS =
            Pattern.compile("\"replication_status\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern TOTAL = Pattern.compile("\"total\"\\s*:\\s*(\\d+)");
    private static final String MICROVERSION = "volume 3.71";
    private static final long POLL_MILLIS = 2;

    private final Options options;
    private final String backend;
    private final String target;
    private final int clients;

    FailoverTiming(Options options) {
        this.options = options;
        this.backend = options.text("backend", "node1@capacity");
        this.target = options.text("target", "site-c");
        this.clients = options.clients();
    }

    Report run() throws Exception {
        Report report = new Report("failover: backend " + backend + " to " + target);
        boolean first = true;
        for (String size : options.text("volumes", "1000").split(",")) {
            int volumes = Integer.parseInt(size.trim());
            String project = "failover" + System.currentTimeMillis();
            CinderClient cinder = new CinderClient(options.url(), project, "admin:" + project, MICROVERSION);
            List<String> ids = createOnBackend(cinder, volumes);
            awaitPlanned(cinder, volumes);
            // The first round runs the failover path cold (as in a real disaster, the first failover of a service
            // that never failed over); later rounds show it warm.
            int rounds = options.number("rounds", 3);
            for (int round = 1; round <= rounds; round++) {
                String name = volumes + " volumes, round " + round + (round == 1 ? " (cold)" : "");
                double failover = timeOperation(cinder, "failover", "backend", List.of(backend), report,
                        name + ", backend failover");
                report.add(name + ": failover rate", volumes / failover, "volumes/s");
                timeOperation(cinder, "failback", "backend", List.of(backend), report, name + ", backend failback");
            }
            if (first) {
                volumeScope(cinder, ids, report);
                first = false;
            }
            if (!options.flag("keep")) {
                deleteAll(cinder, ids);
            }
        }
        return report;
    }

    /**
     * Volume scope, one failover after the other, each timed from the request to the arrival of its volume's
     * switched event ({@code failed-over}, read from Kafka so that nothing polls the services meanwhile), to the
     * volume showing {@code failed-over} through the API (what a user sees), and to the operation {@code completed}
     * (one hop more, through the replication-service). A warm-up of failovers and failbacks first runs the path
     * through the JIT; its own numbers are printed too.
     */
    private void volumeScope(CinderClient cinder, List<String> ids, Report report) throws Exception {
        int count = Math.min(ids.size(), options.number("single", 200));
        int warmup = Math.min(ids.size(), options.number("warmup", 300));
        try (SwitchedEvents events = new SwitchedEvents(options.text("kafka", "127.0.0.1:59092"),
                options.text("volume-events-topic", "volume.events"))) {
            if (warmup > 0) {
                Latencies cold = new Latencies();
                for (int i = 0; i < warmup; i++) {
                    cold.record(timeToEvent(cinder, events, ids.get(i)), true);
                    awaitOperation(cinder, request(cinder, "failback", "volume", List.of(ids.get(i))));
                }
                report.add("volume failover, warm-up of " + warmup + ", to the event: p50",
                                cold.percentileMillis(0.5), "ms")
                        .add("volume failover, warm-up, to the event: p99", cold.percentileMillis(0.99), "ms");
            }
            Latencies toEvent = new Latencies();
            Latencies toFailedOver = new Latencies();
            Latencies toCompleted = new Latencies();
            for (int i = 0; i < count; i++) {
                long sent = System.nanoTime();
                String operation = request(cinder, "failover", "volume", List.of(ids.get(i)));
                long arrived = events.awaitArrival(operation, 1, TimeUnit.MINUTES);
                toEvent.record(arrived - sent, arrived > 0);
                boolean failedOver = awaitReplicationStatus(cinder, ids.get(i), "failed-over");
                toFailedOver.record(System.nanoTime() - sent, failedOver);
                String state = awaitOperation(cinder, operation);
                toCompleted.record(System.nanoTime() - sent, "completed".equals(state));
            }
            report.add("volume failover, " + count + " one after the other, to the failed-over event: p50",
                            toEvent.percentileMillis(0.5), "ms")
                    .add("volume failover to the failed-over event: p99", toEvent.percentileMillis(0.99), "ms")
                    .add("volume failover to GET showing failed-over: p50", toFailedOver.percentileMillis(0.5), "ms")
                    .add("volume failover to GET showing failed-over: p99", toFailedOver.percentileMillis(0.99), "ms")
                    .add("volume failover to operation completed: p50", toCompleted.percentileMillis(0.5), "ms")
                    .add("volume failover to operation completed: p99", toCompleted.percentileMillis(0.99), "ms")
                    .add("volume failover without event or not completed",
                            Integer.toString(toEvent.failures() + toCompleted.failures()));
        }
        for (int i = 0; i < count; i++) {
            awaitOperation(cinder, request(cinder, "failback", "volume", List.of(ids.get(i))));
        }
    }

    private long timeToEvent(CinderClient cinder, SwitchedEvents events, String volumeId) throws Exception {
        long sent = System.nanoTime();
        String operation = request(cinder, "failover", "volume", List.of(volumeId));
        long arrived = events.awaitArrival(operation, 1, TimeUnit.MINUTES);
        awaitOperation(cinder, operation);
        return arrived - sent;
    }

    private static boolean awaitReplicationStatus(CinderClient cinder, String volumeId, String wanted)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (System.nanoTime() < deadline) {
            String status = CinderClient.first(REPLICATION_STATUS, cinder.get("/volumes/" + volumeId).body());
            if (wanted.equals(status)) {
                return true;
            }
            if ("error".equals(status) || "failover-error".equals(status)) {
                return false;
            }
            Thread.sleep(POLL_MILLIS);
        }
        return false;
    }

    private double timeOperation(CinderClient cinder, String action, String scope, List<String> resources,
            Report report, String name) throws Exception {
        long sent = System.nanoTime();
        String operation = request(cinder, action, scope, resources);
        String state = awaitOperation(cinder, operation);
        double seconds = (System.nanoTime() - sent) / 1e9;
        String body = cinder.get("/replication/operations/" + operation).body();
        report.add(name, String.format(Locale.ROOT, "%.2f s, %s, %s done, %s failed", seconds, state,
                CinderClient.first(DONE, body), CinderClient.first(FAILED, body)));
        return seconds;
    }

    private String request(CinderClient cinder, String action, String scope, List<String> resources) {
        StringBuilder list = new StringBuilder();
        for (String resource : resources) {
            list.append(list.length() == 0 ? "" : ", ").append('"').append(resource).append('"');
        }
        CinderClient.Response response = cinder.post("/replication/" + action, "{\"" + action + "\": {\"scope\": \""
                + scope + "\", \"resources\": [" + list + "]" + ("failover".equals(action) ? ", \"target\": \""
                + target + "\"" : "") + "}}");
        return CinderClient.id(response);
    }

    private static String awaitOperation(CinderClient cinder, String operation) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (System.nanoTime() < deadline) {
            String state = CinderClient.first(STATE, cinder.get("/replication/operations/" + operation).body());
            if (!"accepted".equals(state) && !"running".equals(state)) {
                return state;
            }
            Thread.sleep(POLL_MILLIS);
        }
        throw new IllegalStateException("operation " + operation + " did not finish in 10 minutes");
    }

    private List<String> createOnBackend(CinderClient cinder, int volumes) throws Exception {
        return cinder.createAvailable(clients, "bench-", "\"volume_backend_name\": \""
                + backend.substring(backend.indexOf('@') + 1) + "\"", volumes);
    }

    /**
     * A disaster strikes a settled system: the timing starts once the replication-service knows every new volume
     * (a dry run plans them all), not while it is still taking in their creation events.
     */
    private void awaitPlanned(CinderClient cinder, int volumes) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < deadline) {
            CinderClient.Response response = cinder.post("/replication/failover", "{\"failover\": {\"scope\":"
                    + " \"backend\", \"resources\": [\"" + backend + "\"], \"target\": \"" + target
                    + "\", \"dry_run\": true}}");
            String operation = CinderClient.id(response);
            awaitOperation(cinder, operation);
            String total = CinderClient.first(TOTAL, cinder.get("/replication/operations/" + operation).body());
            if (!"?".equals(total) && Integer.parseInt(total) >= volumes) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the replication-service did not learn of all " + volumes + " volumes");
    }

    private void deleteAll(CinderClient cinder, List<String> ids) throws InterruptedException {
        Parallel.run(clients, ids.size(), i -> cinder.delete("/volumes/" + ids.get(i)));
    }
}
