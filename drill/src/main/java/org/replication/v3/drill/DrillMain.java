package org.replication.v3.drill;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The command line of {@code bin/drill}: {@code site-loss} or {@code partition}, then {@code --key=value} options
 * (bin/drill fills them from {@code .suite/suite.env} and the token files). Exit 0 when every declared RPO and RTO
 * held, 1 when one did not, 2 when the drill could not run.
 */
final class DrillMain {

    private DrillMain() {
    }

    static int run(String[] args) {
        if (args.length == 0 || !(args[0].equals("site-loss") || args[0].equals("partition"))) {
            System.err.println("usage: SiteLossDrill site-loss|partition --api-url=URL --project=ID"
                    + " --array=SITE=URL... --array-token-file=F --mediator-url=URL --mediator-token-file=F"
                    + " --grace=SECONDS --kill-command=CMD --start-command=CMD [--links-url=URL] [--backend=fast]"
                    + " [--volumes-per-kind=4] [--writes-per-second=20] [--steady-seconds=20] [--async-rpo=20]"
                    + " [--report-dir=target/drill]");
            return 2;
        }
        Map<String, String> options = new HashMap<>();
        Map<String, String> arrays = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            int eq = arg.indexOf('=');
            if (!arg.startsWith("--") || eq < 0) {
                System.err.println("drill: not an option: " + arg);
                return 2;
            }
            String key = arg.substring(2, eq);
            String value = arg.substring(eq + 1);
            if (key.equals("array")) {
                int split = value.indexOf('=');
                arrays.put(value.substring(0, split), value.substring(split + 1));
            } else {
                options.put(key, value);
            }
        }
        try {
            DrillOptions drill = DrillOptions.defaults(required(options, "api-url"), required(options, "project"),
                    arrays, read(required(options, "array-token-file")), required(options, "mediator-url"),
                    read(required(options, "mediator-token-file")),
                    Duration.ofSeconds(Long.parseLong(required(options, "grace"))))
                    .withBackend(options.getOrDefault("backend", "fast"))
                    .withLoad(Integer.parseInt(options.getOrDefault("volumes-per-kind", "4")),
                            Integer.parseInt(options.getOrDefault("writes-per-second", "20")),
                            Duration.ofSeconds(Long.parseLong(options.getOrDefault("steady-seconds", "20"))))
                    .withAsyncRpo(Integer.parseInt(options.getOrDefault("async-rpo", "20")))
                    .withReportDir(Path.of(options.getOrDefault("report-dir", "target/drill")));
            Sites sites = new CommandSites(required(options, "kill-command"), required(options, "start-command"));
            boolean ok;
            if (args[0].equals("site-loss")) {
                SiteLossDrill.Report report = new SiteLossDrill(drill, sites, System.out).run();
                System.out.println("report: " + report.json());
                ok = report.ok();
            } else {
                PartitionDrill.Report report = new PartitionDrill(drill, new LinkProxyClient(
                        required(options, "links-url")), System.out).run();
                System.out.println("report: " + report.json());
                ok = report.ok();
            }
            return ok ? 0 : 1;
        } catch (DrillException | IllegalArgumentException e) {
            System.err.println("drill: " + e.getMessage());
            return 2;
        }
    }

    private static String required(Map<String, String> options, String key) {
        String value = options.get(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("--" + key + " is required");
        }
        return value;
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file)).strip();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
        }
    }
}
