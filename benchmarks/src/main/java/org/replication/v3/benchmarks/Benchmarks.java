package org.replication.v3.benchmarks;

import java.nio.file.Path;
import java.util.Map;

/**
 * Entry point: {@code java -jar benchmarks.jar <create|read> [--option=value ...]} against a running suite
 * (or anything that speaks Cinder's v3 API, such as a real cinder-api, to measure both the same way).
 */
public final class Benchmarks {

    private Benchmarks() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || !Map.of("create", 1, "read", 1, "failover", 1, "site-loss", 1, "cross-cloud", 1, "list", 1).containsKey(args[0])) {
            System.err.println("""
                    usage: benchmark <create|read|list|failover|site-loss|cross-cloud> [--url=http://127.0.0.1:8776/v3] [--clients=8] [--token=admin:<project>]
                      create  [--volumes=1000] [--keep]                 volumes/s from POST to available, then delete
                      read    [--volumes=20] [--warmup=5] [--seconds=20] GET volumes/{id} and volumes/detail
                      list    [--volumes=100000] [--limit=100] [--suite-dir=.suite] [--keep]
                              [--jdbc=jdbc:postgresql://127.0.0.1:55432/cinder] [--db-user=postgres]
                              [--db-password=postgres] [--db-schema=api]
                                                    seeds the project for reads (one volume through the API, N-1
                                                    copies of its row INSERTed into the api-service's table), then
                                                    pages as admin through volumes/detail?all_tenants=1&limit= and
                                                    volumes?all_tenants=1: per-page latency (first page, all pages,
                                                    deepest tenth) and the api-service's VmRSS; removes the copies
                      failover [--volumes=1000,10000] [--rounds=3] [--single=200] [--warmup=300] [--backend=node1@capacity]
                               [--target=site-c] [--kafka=127.0.0.1:59092] [--volume-events-topic=volume.events] [--keep]
                                                    backend failover/failback time per round (the first cold),
                                                    volume failover p50/p99 to the failed-over event (read from
                                                    Kafka), to GET showing it and to the operation completed
                      site-loss [--volumes=1000] [--backend=node1@fast] [--site=site-c] [--survivor=site-b]
                                [--suite-dir=.suite] [--grace=30s]
                                                    mediated sync active/passive volumes on the site's array, then
                                                    kill -9 of that array: time to the mediator's detection, to the
                                                    survivor serving all, to all recorded failed over (leaves the
                                                    site down: bin/suite restart array-<site>)
                      cross-cloud [--volumes=1000] [--url-b=http://127.0.0.1:8876/v3] [--scope=backend|pool]
                                  [--backend=node1@capacity] [--pool=bulk] [--target=site-c] [--import-batch=250] [--keep]
                                                    two suites (cloud B: SUITE_CLOUD=b bin/suite up): async volumes
                                                    of the backend failed over to its cross_os target (not timed),
                                                    then export (clear_existing) to the last volume available in
                                                    cloud B; moves every volume of the pool or backend
                    --results=FILE appends the numbers as one JSON line (what bin/compare reads).
                    Options fall back to BENCH_<OPTION> environment variables.""");
            System.exit(2);
        }
        Options options = Options.parse(args);
        Report report = switch (args[0]) {
            case "create" -> new CreateThroughput(options).run();
            case "read" -> new ReadLoad(options).run();
            case "list" -> new ListLoad(options).run();
            case "failover" -> new FailoverTiming(options).run();
            case "site-loss" -> new SiteLossTiming(options).run();
            case "cross-cloud" -> new CrossCloudTiming(options).run();
            default -> throw new IllegalStateException(args[0]);
        };
        report.print(System.out);
        String results = options.text("results", null);
        if (results != null) {
            report.append(Path.of(results), args[0]);
        }
    }
}
