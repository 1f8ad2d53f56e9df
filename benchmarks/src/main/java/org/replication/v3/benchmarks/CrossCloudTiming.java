package org.replication.v3.benchmarks;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Moving failed-over volumes from one cloud to another (docs/cross-cloud.md), against two running suites: cloud A
 * ({@code --url}) and cloud B ({@code --url-b}, {@code SUITE_CLOUD=b bin/suite up}). Set-up, not timed: N volumes
 * async-replicated on capacity (replicated as a whole, site-b to site-c: the cross_os target), failed over to site-c through the failover
 * API and shown failed-over. Timed (issue 14: 1,000 volumes within 5 s): from the export request
 * ({@code clear_existing: true}, the whole pool or backend) to the export completed with every document, then from
 * the import request in cloud B (the documents as the export gave them) to the last volume {@code available} there.
 * The export moves everything in the scope (every project's volumes): run it where the pool holds only what it
 * creates. The imported volumes are deleted in cloud B afterwards unless {@code --keep}; cloud A has none left.
 */
final class CrossCloudTiming {

    static final String MICROVERSION = "volume 3.74";
    private static final Pattern STATE = Pattern.compile("\"state\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern TOTAL = Pattern.compile("\"total\"\\s*:\\s*(\\d+)");
    private static final Pattern FAILED = Pattern.compile("\"failed\"\\s*:\\s*(\\d+)");
    private static final Pattern FAILED_OVER = Pattern.compile("\"replication_status\"\\s*:\\s*\"failed-over\"");
    private static final long POLL_MILLIS = 5;
    /**
     * An export or import (every document or item) is read this seldom while it runs: a count says when it is
     * over, the read only why not.
     */
    private static final long READ_EVERY_MILLIS = 500;

    private final Options options;
    private final String backend;
    private final String pool;
    private final String scope;
    private final String target;
    private final int clients;

    CrossCloudTiming(Options options) {
        this.options = options;
        this.backend = options.text("backend", "node1@capacity");
        this.pool = options.text("pool", "bulk");
        this.scope = options.text("scope", "backend");
        this.target = options.text("target", "site-c");
        this.clients = options.clients();
        if (!"pool".equals(scope) && !"backend".equals(scope)) {
            throw new IllegalArgumentException("--scope is pool or backend, not " + scope);
        }
    }

    Report run() throws Exception {
        int volumes = options.number("volumes", 1000);
        String resource = "pool".equals(scope) ? backend + "#" + pool : backend;
        Report report = new Report("cross-cloud: " + volumes + " failed-over volumes of " + resource
                + " exported from cloud A, imported into cloud B");
        String project = options.text("project", "crosscloud" + System.currentTimeMillis());
        CinderClient cloudA = new CinderClient(options.url(), project, "admin:" + project, MICROVERSION);
        String urlB = options.text("url-b", "http://127.0.0.1:8876/v3");
        CinderClient cloudB = new CinderClient(urlB, project, "admin:" + project, MICROVERSION);
        if (!answers(cloudB)) {
            throw new IllegalStateException("cloud B does not answer at " + urlB
                    + ": start it with SUITE_CLOUD=b bin/suite up --detach");
        }
        String typeB = createTypeInCloudB(cloudB);

        long setUp = System.nanoTime();
        List<String> ids = createReplicated(cloudA, volumes);
        awaitPlanned(cloudA, resource, volumes);
        String failover = CinderClient.id(cloudA.post("/replication/failover", "{\"failover\": {\"scope\": \""
                + scope + "\", \"resources\": [\"" + resource + "\"], \"target\": \"" + target
                + "\", \"reason\": \"cross-cloud benchmark\"}}"));
        String state = awaitOperation(cloudA, failover);
        if (!"completed".equals(state)) {
            throw new IllegalStateException("the failover of " + resource + " ended " + state + ": "
                    + cloudA.get("/replication/operations/" + failover).body());
        }
        awaitFailedOver(cloudA, volumes);
        report.add("set-up (not timed)", String.format(Locale.ROOT, "%d volumes created, replicated and failed over"
                + " to %s in %.1f s", volumes, target, (System.nanoTime() - setUp) / 1e9));

        long start = System.nanoTime();
        CinderClient.Response accepted = cloudA.post("/replication/export", "{\"export\": {\"scope\": \"" + scope
                + "\", \"resources\": [\"" + resource + "\"], \"clear_existing\": true,"
                + " \"acknowledge_attached\": false}}");
        if (accepted.status() != 202) {
            throw new IllegalStateException("export refused: " + accepted);
        }
        String export = CinderClient.id(accepted);
        String exported = awaitExport(cloudA, export);
        long exportedAt = System.nanoTime();
        List<String> documents = JsonArrays.elements(exported, "documents");
        if (!"completed".equals(CinderClient.first(STATUS, exported)) || documents.size() < volumes) {
            throw new IllegalStateException("export " + export + " ended " + CinderClient.first(STATUS, exported) + " with "
                    + documents.size() + " documents, " + CinderClient.first(FAILED, exported) + " failed");
        }

        List<String> imports = importAll(cloudB, documents, typeB);
        long available = awaitAvailable(cloudB, imports, documents.size());
        long end = System.nanoTime();

        long bytes = documents.stream().mapToLong(String::length).sum();
        double total = (end - start) / 1e9;
        report.add("documents", String.format(Locale.ROOT, "%d (%.2f MB of JSON, %d import request%s)",
                        documents.size(), bytes / 1e6, imports.size(), imports.size() == 1 ? "" : "s"))
                .add("export (request to completed, clear_existing)", (exportedAt - start) / 1e9, "s")
                .add("import (request to the last volume available in cloud B)", (end - exportedAt) / 1e9, "s")
                .add("total, export request to the last volume available", total, "s")
                .add("rate", documents.size() / total, "volumes/s")
                .add("available in cloud B", Long.toString(available))
                .add("target (issue 14)", "1,000 volumes within 5 s: " + (documents.size() >= 1000 && total <= 5
                        ? "met" : documents.size() < 1000 ? "not measured at 1,000" : "NOT met"))
                .add("cloud A volumes left in the project", Integer.toString(cloudA.countVolumes(null)));
        if (!options.flag("keep")) {
            Parallel.run(clients, ids.size(), i -> cloudB.delete("/volumes/" + ids.get(i)));
        }
        return report;
    }

    private static boolean answers(CinderClient cloud) {
        try {
            return cloud.get("/volumes?limit=1").ok();
        } catch (UncheckedIOException e) {
            return false;
        }
    }

    /** A type of cloud B's own (its backend dr, not replicated) for the documents, whose type cloud B lacks. */
    private static String createTypeInCloudB(CinderClient cloudB) {
        String name = "crosscloud-dr-" + System.nanoTime();
        CinderClient.id(cloudB.post("/types", "{\"volume_type\": {\"name\": \"" + name
                + "\", \"extra_specs\": {\"volume_backend_name\": \"dr\"}}}"));
        return name;
    }

    /**
     * Async-replicated volumes on the backend (capacity replicates as a whole to its cross_os target; pool scope
     * places them only in a pool replicated as a whole). Async: a cross_os target takes no sync replication.
     */
    private List<String> createReplicated(CinderClient cloudA, int volumes) throws Exception {
        return cloudA.createAvailable(clients, "crosscloud-", "\"volume_backend_name\": \""
                + backend.substring(backend.indexOf('@') + 1) + "\", \"replication_enabled\": \"<is> True\","
                + " \"replication_mode\": \"async\", \"replication_rpo_seconds\": \""
                + options.number("rpo", 300) + "\", \"replication_scope\": \"" + scope + "\"", volumes);
    }

    /** The failover starts once the replication-service knows every new volume (a dry run plans them all). */
    private void awaitPlanned(CinderClient cloudA, String resource, int volumes) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < deadline) {
            String operation = CinderClient.id(cloudA.post("/replication/failover", "{\"failover\": {\"scope\": \""
                    + scope + "\", \"resources\": [\"" + resource + "\"], \"target\": \"" + target
                    + "\", \"dry_run\": true}}"));
            awaitOperation(cloudA, operation);
            String total = CinderClient.first(TOTAL, cloudA.get("/replication/operations/" + operation).body());
            if (!"?".equals(total) && Integer.parseInt(total) >= volumes) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the replication-service did not learn of all " + volumes + " volumes");
    }

    /**
     * The export takes a volume only once the api-service shows it failed-over, which it learns from the
     * volume-service's events, not from the operation's: wait until the project's volumes all show it.
     */
    private static void awaitFailedOver(CinderClient cloudA, int volumes) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < deadline) {
            int failedOver = 0;
            for (int offset = 0; offset < volumes; offset += 1000) {
                Matcher matcher = FAILED_OVER.matcher(cloudA.get("/volumes/detail?limit=1000&offset=" + offset)
                        .body());
                while (matcher.find()) {
                    failedOver++;
                }
            }
            if (failedOver >= volumes) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the volumes were not all shown failed-over within 5 minutes");
    }

    /**
     * The export's last state, documents included, once it is no longer running. Reading it loads every document
     * (about 1.5 kB each), so while it runs the benchmark watches something cheap instead: the count of the
     * project's volumes in cloud A, which the api-service lowers in the transaction that records each part's
     * documents (clear_existing). The export itself is read when none is left, and every half second meanwhile in
     * case a volume failed (it is never cleared).
     */
    private static String awaitExport(CinderClient cloudA, String export) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        long nextRead = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(READ_EVERY_MILLIS);
        while (System.nanoTime() < deadline) {
            boolean cleared = cloudA.countVolumes(null) == 0;
            if (cleared || System.nanoTime() > nextRead) {
                CinderClient.Response response = cloudA.get("/replication/exports/" + export);
                if (!response.ok()) {
                    throw new IllegalStateException("export " + export + ": " + response);
                }
                if (!"running".equals(CinderClient.first(STATUS, response.body()))) {
                    return response.body();
                }
                nextRead = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(READ_EVERY_MILLIS);
            }
            Thread.sleep(cleared ? 20 : POLL_MILLIS);
        }
        throw new IllegalStateException("export " + export + " did not finish in 10 minutes");
    }

    /**
     * The documents in import requests sent at once: at most {@code --import-batch} (250, one volume-service command)
     * documents a request, and fewer when their body would pass the api-service's body limit (1 MiB,
     * {@code quarkus.http.limits.max-body-size}; a document is about 1.5 kB).
     *
     * @return the imports' ids
     */
    private List<String> importAll(CinderClient cloudB, List<String> documents, String type)
            throws InterruptedException {
        int batch = Math.max(1, options.number("import-batch", 250));
        int maxBytes = options.number("import-max-bytes", 1_000_000);
        List<String> bodies = new ArrayList<>();
        List<String> part = new ArrayList<>();
        int partBytes = 0;
        for (String document : documents) {
            if (!part.isEmpty() && (part.size() == batch || partBytes + document.length() + 200 > maxBytes)) {
                bodies.add(importBody(part, type));
                part = new ArrayList<>();
                partBytes = 0;
            }
            part.add(document);
            partBytes += document.length() + 1;
        }
        if (!part.isEmpty()) {
            bodies.add(importBody(part, type));
        }
        String[] ids = new String[bodies.size()];
        Parallel.run(clients, bodies.size(), r -> {
            CinderClient.Response response = cloudB.post("/volumes/import-replica", bodies.get(r));
            if (response.status() != 202) {
                throw new IllegalStateException("import refused: " + response);
            }
            ids[r] = CinderClient.id(response);
        });
        for (String id : ids) {
            if (id == null) {
                throw new IllegalStateException("an import request failed (see above)");
            }
        }
        return List.of(ids);
    }

    private static String importBody(List<String> documents, String type) {
        return "{\"import_replica\": {\"documents\": [" + String.join(",", documents) + "], \"volume_type\": \""
                + type + "\"}}";
    }

    /**
     * Waits for {@code volumes} volumes of the project to be available in cloud B (the import's goal, counted by the
     * API); reads the imports now and then to stop at once when one ends with failures.
     *
     * @return how many are available
     */
    private static long awaitAvailable(CinderClient cloudB, List<String> imports, int volumes)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        long nextStatus = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(READ_EVERY_MILLIS);
        while (System.nanoTime() < deadline) {
            int available = cloudB.countVolumes("available");
            if (available >= volumes) {
                return available;
            }
            if (System.nanoTime() > nextStatus) {
                for (String id : imports) {
                    String body = cloudB.get("/replication/imports/" + id).body();
                    String status = CinderClient.first(STATUS, body);
                    if ("completed_with_errors".equals(status) || "error".equals(status)) {
                        throw new IllegalStateException("import " + id + " ended " + status + " ("
                                + CinderClient.first(FAILED, body) + " failed): " + body);
                    }
                }
                nextStatus = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(READ_EVERY_MILLIS);
            }
            Thread.sleep(POLL_MILLIS);
        }
        throw new IllegalStateException("the imported volumes were not all available within 10 minutes");
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
}
