package org.replication.v3.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.List;
import org.replication.v3.testinfra.SharedArrays;
import org.replication.v3.testinfra.SharedKafka;
import org.replication.v3.testinfra.SharedPostgres;

/**
 * The whole suite for the system tests: one real Kafka, one real PostgreSQL, the reference arrays of site-b and
 * site-c and the four services, each in its own JVM started from its built jar. Started once per test JVM and
 * stopped at exit.
 */
final class Suite {

    private static Suite instance;

    /** capacity's async RPO (its default and minimum) in the suite's volume-service. */
    static final int CAPACITY_RPO_SECONDS = 10;

    final SharedKafka kafka;
    final SharedPostgres postgres;
    /** site-b's and site-c's arrays, each the other's peer: a test loses a site's array with a kill -9. */
    final SharedArrays arrays;
    /** The mediator in the third place, watching both arrays; its grace is short for the tests. */
    final ServiceProcess mediator;
    final ServiceProcess api;
    final ServiceProcess scheduler;
    final ServiceProcess volume;
    final ServiceProcess replication;
    /** What callers of the mediator's API send in X-Auth-Token. */
    final String mediatorToken = newToken();
    /** A second volume-service on the same host, for tests of two instances (site-c's); started by those tests. */
    final ServiceProcess volumeC;
    /** The volume-service's admin token (its data plane), new for each suite. */
    final String volumeAdminToken = newToken();

    private Suite() throws IOException {
        Path root = Path.of(System.getProperty("suite.root", ".."));
        Path work = Path.of(System.getProperty("suite.work", "target/suite"));
        Files.createDirectories(work.resolve("logs"));
        kafka = SharedKafka.start();
        postgres = SharedPostgres.start();
        postgres.createDatabase("cinder");
        arrays = SharedArrays.start(List.of("site-b:site-c"));
        Path arrayToken = work.resolve("array-token");
        Files.writeString(arrayToken, SharedArrays.TOKEN);
        Path mediatorToken = work.resolve("mediator-token");
        Files.writeString(mediatorToken, this.mediatorToken);
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("PGHOST", postgres.host());
        env.put("PGPORT", Integer.toString(postgres.port()));
        env.put("PGUSER", postgres.username());
        env.put("PGPASSWORD", postgres.password());
        env.put("PGDATABASE", "cinder");
        env.put("ARRAY_B_URL", arrays.url("site-b"));
        env.put("ARRAY_C_URL", arrays.url("site-c"));
        env.put("ARRAY_TOKEN_FILE", arrayToken.toAbsolutePath().toString());
        mediator = service(root, work, "mediator", Map.of("MEDIATOR_DATA_DIR", work.resolve("mediator").toString(),
                "MEDIATOR_TOKEN", Files.readString(mediatorToken), "MEDIATOR_GRACE", "3s",
                "QUARKUS_HTTP_HOST", "127.0.0.1"));
        mediator.start("-Dmediator.arrays.site-b.url=" + arrays.url("site-b"),
                "-Dmediator.arrays.site-b.token=" + SharedArrays.TOKEN,
                "-Dmediator.arrays.site-c.url=" + arrays.url("site-c"),
                "-Dmediator.arrays.site-c.token=" + SharedArrays.TOKEN);
        env.put("VOLUME_MEDIATOR_URL", "http://127.0.0.1:" + mediator.port());
        env.put("VOLUME_MEDIATOR_TOKEN_FILE", mediatorToken.toAbsolutePath().toString());
        env.put("VOLUME_REPORT_INTERVAL", "1s");
        // Only this machine reaches the services, as in bin/suite.
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("VOLUME_ADMIN_TOKEN", volumeAdminToken);
        // An automatic failover waits this long after the mediator reports a primary lost (30 s by default), as long
        // as the mediator waits before it promotes.
        env.put("REPLICATION_AUTOMATIC_FAILOVER_GRACE", "3s");
        env.put("API_MEDIATOR_GRACE", "3s");
        // capacity ships its async images every 5 s rather than every 150 s, so that a test waits seconds for its
        // replica to hold what was written (TwoCloudIT). A map key with a dash (site-c) cannot come from the
        // environment, so these are system properties, given through JAVA_TOOL_OPTIONS so that every restart of
        // the volume-service keeps them whatever properties a test starts it with.
        Map<String, String> volumeEnv = new HashMap<>(env);
        String device = "-Dvolume.backends.capacity.replication-devices.site-c.";
        volumeEnv.put("JAVA_TOOL_OPTIONS", device + "min-rpo-seconds=" + CAPACITY_RPO_SECONDS + " " + device
                + "default-rpo-seconds=" + CAPACITY_RPO_SECONDS);
        api = service(root, work, "api-service", env);
        scheduler = service(root, work, "scheduler-service", env);
        volume = service(root, work, "volume-service", volumeEnv);
        volumeC = new ServiceProcess("volume-service-site-c", root.resolve("volume-service")
                .resolve("target/quarkus-app/quarkus-run.jar"), freePort(), volumeEnv,
                work.resolve("logs").resolve("volume-service-site-c.log"));
        replication = service(root, work, "replication-service", env);
        volume.start();
        scheduler.start();
        replication.start();
        api.start();
    }

    static synchronized Suite get() {
        if (instance == null) {
            try {
                instance = new Suite();
            } catch (IOException e) {
                throw new UncheckedIOException("the suite's work directory cannot be prepared", e);
            }
        }
        return instance;
    }

    static synchronized void stopIfStarted() {
        if (instance != null) {
            instance.stop();
            instance = null;
        }
    }

    String apiUrl() {
        return "http://127.0.0.1:" + api.port();
    }

    private static ServiceProcess service(Path root, Path work, String name, Map<String, String> env)
            throws IOException {
        return new ServiceProcess(name, root.resolve(name).resolve("target/quarkus-app/quarkus-run.jar"), freePort(),
                env, work.resolve("logs").resolve(name + ".log"));
    }

    /** Stops the services together (surefire gives an exiting test JVM 30 s), then the servers they use. */
    private void stop() {
        ServiceProcess[] services = {api, scheduler, volume, volumeC, replication, mediator};
        for (ServiceProcess service : services) {
            service.requestStop();
        }
        for (ServiceProcess service : services) {
            service.awaitStopped(Duration.ofSeconds(8));
        }
        postgres.close();
        kafka.close();
    }

    static String newToken() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return HexFormat.of().formatHex(secret);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
