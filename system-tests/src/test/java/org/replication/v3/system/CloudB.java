package org.replication.v3.system;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.replication.v3.testinfra.SharedArrays;
import org.replication.v3.testinfra.SharedKafka;
import org.replication.v3.testinfra.SharedPostgres;

/**
 * The second cloud of the cross-cloud tests (docs/cross-cloud.md): another OpenStack deployment beside the
 * {@link Suite}, with its own Kafka, its own PostgreSQL and its four services, each in its own JVM from its built
 * jar with {@code QUARKUS_PROFILE=prod,cloud-b} (the volume-service's host {@code cloudb}, backend {@code dr} on
 * site-b's array). It has no arrays and no mediator: its volume-service reaches the suite's arrays, as
 * {@code SUITE_CLOUD=b bin/suite} does. Started once per test JVM on first use, stopped before the suite at exit
 * ({@link SuiteShutdown}).
 */
final class CloudB {

    /** Cloud B's project: another deployment, other project ids. */
    static final String PROJECT = "b2a61c0e7d9f4c35a8e1f04b6d3c9a77";
    /** The Quarkus profiles every service of cloud B runs with. */
    static final String PROFILES = "prod,cloud-b";

    private static CloudB instance;

    final SharedKafka kafka;
    final SharedPostgres postgres;
    final ServiceProcess api;
    final ServiceProcess scheduler;
    final ServiceProcess volume;
    final ServiceProcess replication;
    /** Cloud B's volume-service admin token (its data plane), not cloud A's. */
    final String volumeAdminToken = Suite.newToken();

    private CloudB(Suite suite) throws IOException {
        Path root = Path.of(System.getProperty("suite.root", ".."));
        Path work = Path.of(System.getProperty("suite.work", "target/suite")).resolve("cloud-b");
        Files.createDirectories(work.resolve("logs"));
        Path arrayToken = work.resolve("array-token");
        Files.writeString(arrayToken, SharedArrays.TOKEN);
        kafka = SharedKafka.start();
        postgres = SharedPostgres.start();
        postgres.createDatabase("cinder");
        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_PROFILE", PROFILES);
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("PGHOST", postgres.host());
        env.put("PGPORT", Integer.toString(postgres.port()));
        env.put("PGUSER", postgres.username());
        env.put("PGPASSWORD", postgres.password());
        env.put("PGDATABASE", "cinder");
        // Cloud A's arrays: site-b's holds what cloud A's fast backend failed over to, and dr's volumes.
        env.put("ARRAY_B_URL", suite.arrays.url("site-b"));
        env.put("ARRAY_C_URL", suite.arrays.url("site-c"));
        env.put("ARRAY_TOKEN_FILE", arrayToken.toAbsolutePath().toString());
        env.put("VOLUME_REPORT_INTERVAL", "1s");
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("VOLUME_ADMIN_TOKEN", volumeAdminToken);
        api = service(root, work, "api-service", env);
        scheduler = service(root, work, "scheduler-service", env);
        volume = service(root, work, "volume-service", env);
        replication = service(root, work, "replication-service", env);
        List<ServiceProcess> services = List.of(volume, scheduler, replication, api);
        services.forEach(ServiceProcess::launch);
        services.forEach(ServiceProcess::awaitReady);
    }

    static synchronized CloudB get() {
        if (instance == null) {
            try {
                instance = new CloudB(Suite.get());
            } catch (IOException e) {
                throw new UncheckedIOException("cloud B's work directory cannot be prepared", e);
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

    /** Cloud B's API as its admin, in {@link #PROJECT}, at a microversion. */
    RequestSpecification admin(String microversion) {
        return given().baseUri(apiUrl()).basePath("/v3/" + PROJECT).header("X-Auth-Token", "admin:" + PROJECT)
                .header("OpenStack-API-Version", "volume " + microversion).contentType(ContentType.JSON);
    }

    /** Cloud B's volume-service admin endpoints: its data plane reads what its backend dr serves. */
    RequestSpecification volumeServiceAdmin() {
        return given().baseUri("http://127.0.0.1:" + volume.port()).header("X-Auth-Token", volumeAdminToken)
                .contentType(ContentType.JSON);
    }

    /** A count over cloud B's own database. */
    long count(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl("cinder"), postgres.username(),
                postgres.password()); ResultSet result = connection.createStatement().executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }

    private static ServiceProcess service(Path root, Path work, String name, Map<String, String> env)
            throws IOException {
        return new ServiceProcess("cloud-b " + name, root.resolve(name).resolve("target/quarkus-app/quarkus-run.jar"),
                Suite.freePort(), env, work.resolve("logs").resolve(name + ".log"));
    }

    private void stop() {
        ServiceProcess[] services = {api, scheduler, volume, replication};
        for (ServiceProcess service : services) {
            service.requestStop();
        }
        for (ServiceProcess service : services) {
            service.awaitStopped(Duration.ofSeconds(8));
        }
        postgres.close();
        kafka.close();
    }
}
