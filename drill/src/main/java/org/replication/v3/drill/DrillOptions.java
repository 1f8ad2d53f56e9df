package org.replication.v3.drill;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * What the drill drives and the bounds it checks. The bounds come from the suite's configuration: the mediator's
 * grace, the async RPO of the drill's type, plus the margins of docs/sites.md section 7.
 *
 * @param apiUrl          the Cinder API, {@code http://host:port}
 * @param token           {@code X-Auth-Token} for the API (the suite's {@code admin:<project>})
 * @param arrayUrls       each site's array, by site name
 * @param backend         the backend the drill's volumes are created on (its array is {@code primary}'s)
 * @param primary         the site that is lost (the volumes' primary)
 * @param survivor        the other site
 * @param target          the backend's replication target id that lives on {@code survivor}
 * @param grace           the mediator's grace (active/passive targets are promoted this long after detection)
 * @param detectBound     the mediator must detect the loss within this
 * @param rtoMargin       active/passive with a mediator: serving on the survivor within grace plus this
 * @param pauseBound      active/active: the longest acknowledgement on the survivor after the loss
 * @param steady          steady writes before the kill (and the writes after the failback)
 * @param operationTimeout how long a failover, reprotect or failback may take
 */
public record DrillOptions(String apiUrl, String project, String token, Map<String, String> arrayUrls,
        String arrayToken, String mediatorUrl, String mediatorToken, String backend, String primary, String survivor,
        String target, int volumesPerKind, int writesPerSecond, int blocksPerVolume, int asyncRpoSeconds,
        Duration grace, Duration detectBound, Duration rtoMargin, Duration pauseBound, Duration steady,
        Duration operationTimeout, Path reportDir) {

    /** The defaults of docs/sites.md section 7 for a suite on this machine. */
    public static DrillOptions defaults(String apiUrl, String project, Map<String, String> arrayUrls,
            String arrayToken, String mediatorUrl, String mediatorToken, Duration grace) {
        return new DrillOptions(apiUrl, project, "admin:" + project, arrayUrls, arrayToken, mediatorUrl,
                mediatorToken, "fast", "site-c", "site-b", "site-b", 4, 20, 256, 20, grace, Duration.ofSeconds(5),
                Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(20), Duration.ofMinutes(3),
                Path.of("target", "drill"));
    }

    public DrillOptions withBackend(String name) {
        return new DrillOptions(apiUrl, project, token, arrayUrls, arrayToken, mediatorUrl, mediatorToken, name,
                primary, survivor, target, volumesPerKind, writesPerSecond, blocksPerVolume, asyncRpoSeconds, grace,
                detectBound, rtoMargin, pauseBound, steady, operationTimeout, reportDir);
    }

    public DrillOptions withLoad(int volumesPerKind, int writesPerSecond, Duration steady) {
        return new DrillOptions(apiUrl, project, token, arrayUrls, arrayToken, mediatorUrl, mediatorToken, backend,
                primary, survivor, target, volumesPerKind, writesPerSecond, blocksPerVolume, asyncRpoSeconds, grace,
                detectBound, rtoMargin, pauseBound, steady, operationTimeout, reportDir);
    }

    public DrillOptions withAsyncRpo(int seconds) {
        return new DrillOptions(apiUrl, project, token, arrayUrls, arrayToken, mediatorUrl, mediatorToken, backend,
                primary, survivor, target, volumesPerKind, writesPerSecond, blocksPerVolume, seconds, grace,
                detectBound, rtoMargin, pauseBound, steady, operationTimeout, reportDir);
    }

    public DrillOptions withReportDir(Path dir) {
        return new DrillOptions(apiUrl, project, token, arrayUrls, arrayToken, mediatorUrl, mediatorToken, backend,
                primary, survivor, target, volumesPerKind, writesPerSecond, blocksPerVolume, asyncRpoSeconds, grace,
                detectBound, rtoMargin, pauseBound, steady, operationTimeout, dir);
    }
}
