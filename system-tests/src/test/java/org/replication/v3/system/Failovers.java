package org.replication.v3.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.replication.v3.testinfra.TopicReader;

/**
 * What the failover system tests share: the failover API (3.71), extra replicating backends configured on the
 * volume-service by system properties, and reads of the services' tables and topics to check outcomes.
 */
final class Failovers {

    static final String MICROVERSION = "3.71";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Failovers() {
    }

    static RequestSpecification admin(String microversion) {
        return VolumeSliceIT.admin().header("OpenStack-API-Version", "volume " + microversion);
    }

    /**
     * A filearray backend replicating as a whole, async, for the volume-service's command line: tests that fail a
     * backend over get one of their own and leave the default ones alone. Its volumes live on site-c's array and
     * replicate to site-b's (the suite's two arrays), beside fast's.
     *
     * @param switchDelay how long each driver failover call (one batch) takes: the window a crash test aims at
     */
    static Stream<String> replicatingBackend(String name, String target, Duration switchDelay) {
        String backend = "-Dvolume.backends." + name + ".";
        String device = backend + "replication-devices." + target + ".";
        return Stream.of(backend + "driver=filearray", backend + "volume-backend-name=" + name, backend + "array=site-c",
                device + "array=site-b",
                backend + "pools.bulk.capacity-gb=100000", backend + "switch-delay=" + switchDelay.toMillis() + "ms",
                device + "modes=async", device + "default-mode=async", device + "default-rpo-seconds=300",
                device + "replicate=backend");
    }

    /** A type for volumes replicated on their own from {@code fast} to site-b, sync, with a mediator; its name. */
    static String mediatedSyncType() {
        String type = "sync-" + UUID.randomUUID();
        String typeId = admin("3.0").body("{\"volume_type\": {\"name\": \"" + type + "\"}}")
                .post("/types").then().statusCode(200).extract().path("volume_type.id");
        admin("3.0").body("{\"extra_specs\": {\"volume_backend_name\": \"fast\","
                        + " \"replication_enabled\": \"<is> True\", \"replication_scope\": \"volume\","
                        + " \"replication_mode\": \"sync\", \"replication_mediator\": \"<is> True\"}}")
                .post("/types/" + typeId + "/extra_specs").then().statusCode(200);
        return type;
    }

    /** Creates volumes of a type naming the backend and waits until the replication-service knows each one. */
    static List<String> replicatedVolumes(String backendName, int count) {
        String type = VolumeSliceIT.createType(backendName);
        List<String> ids = IntStream.range(0, count).mapToObj(i -> VolumeSliceIT.createVolume(type, 1)).toList();
        String host = "node1@" + backendName;
        // A create takes up to about a second end to end on a loaded machine.
        await().atMost(Duration.ofSeconds(Math.max(120, count))).pollInterval(Duration.ofMillis(250)).until(() -> count(
                "select count(*) from replication.replicated_volume where backend_host = '" + host
                        + "' and replication_status = 'enabled'") == count);
        await().atMost(Duration.ofSeconds(60)).until(() -> ids.stream().allMatch(
                id -> VolumeSliceIT.status(id).equals("available")));
        return ids;
    }

    /** Volume-scope failover through the failover API; answers the operation id. */
    static String failoverVolume(String volumeId, String target) {
        return admin(MICROVERSION).body("{\"failover\": {\"scope\": \"volume\", \"resources\": [\"" + volumeId
                        + "\"], \"target\": \"" + target + "\"}}")
                .post("/replication/failover").then().statusCode(202).extract().path("operation.id");
    }

    /** Cinder's legacy backend failover; answers the operation it started (Cinder's 202 has no body). */
    static String failoverHost(String host, String backendId) throws SQLException {
        admin("3.0").body("{\"host\": \"" + host + "\", \"backend_id\": \"" + backendId + "\"}")
                .put("/os-services/failover_host").then().statusCode(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> count(
                "select count(*) from replication.operation where resources = '" + host + "'") > 0);
        return string("select id from replication.operation where resources = '" + host
                + "' order by created_at desc limit 1");
    }

    static JsonPath operation(String id) {
        return admin(MICROVERSION).get("/replication/operations/" + id).then().statusCode(200).extract().jsonPath();
    }

    static void awaitState(String operationId, String state, Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(250))
                .until(() -> state.equals(operation(operationId).getString("operation.state")));
    }

    /** The service record of a volume backend as os-services shows it from 3.26 (with the replication fields). */
    static Map<String, Object> volumeService(String host) {
        List<Map<String, Object>> services = admin("3.26").get("/os-services").then().statusCode(200).extract()
                .jsonPath().getList("services");
        List<Map<String, Object>> named = services.stream()
                .filter(s -> "cinder-volume".equals(s.get("binary")) && host.equals(s.get("host"))).toList();
        assertThat(named).as("cinder-volume services on " + host).hasSize(1);
        return named.get(0);
    }

    /**
     * The data of every event of {@code type} on a topic whose data names the operation, once per event id. The
     * outbox sends at least once (a process killed after Kafka's acknowledgement and before the row's delete sends
     * the row again, with the same id) and every consumer's inbox applies an id once; two answers for one volume
     * under different ids are still two events here.
     */
    static List<JsonNode> eventsOf(String topic, String type, String operationId) {
        try (TopicReader reader = new TopicReader(Suite.get().kafka.bootstrapServers(), topic)) {
            List<JsonNode> events = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (var record : reader.readToEnd(Duration.ofSeconds(30))) {
                JsonNode envelope = JSON.readTree(record.value());
                if (type.equals(envelope.path("type").asText())
                        && operationId.equals(envelope.path("data").path("operationId").asText())
                        && seen.add(envelope.path("id").asText())) {
                    events.add(envelope.path("data"));
                }
            }
            return events;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static long count(String sql) throws SQLException {
        try (Connection connection = connect(); ResultSet result = connection.createStatement().executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }

    static String string(String sql) throws SQLException {
        try (Connection connection = connect(); ResultSet result = connection.createStatement().executeQuery(sql)) {
            return result.next() ? result.getString(1) : null;
        }
    }

    /** Each row's columns joined by "|", for assertions on whole rows. */
    static List<String> rows(String sql) throws SQLException {
        try (Connection connection = connect(); ResultSet result = connection.createStatement().executeQuery(sql)) {
            List<String> rows = new ArrayList<>();
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    row.append(i == 1 ? "" : "|").append(result.getString(i));
                }
                rows.add(row.toString());
            }
            return rows;
        }
    }

    private static Connection connect() throws SQLException {
        Suite suite = Suite.get();
        return DriverManager.getConnection(suite.postgres.jdbcUrl("cinder"), suite.postgres.username(),
                suite.postgres.password());
    }

    static RequestSpecification volumeServiceAdmin() {
        return given().baseUri("http://127.0.0.1:" + Suite.get().volume.port())
                .header("X-Auth-Token", Suite.get().volumeAdminToken)
                .contentType(ContentType.JSON);
    }
}
