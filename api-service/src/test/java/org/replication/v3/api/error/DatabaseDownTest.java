package org.replication.v3.api.error;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.replication.v3.api.support.Api;
import org.replication.v3.api.support.Rows;
import org.replication.v3.api.support.StoppablePostgresResource;
import org.replication.v3.api.support.StoppablePostgresResource.Server;

/**
 * PostgreSQL stopped under a steady stream of creates: while it is down every request is answered 503
 * serviceUnavailable (Cinder's body, Retry-After), never 500; once it is back the service works again without a
 * restart, and exactly the volumes whose create was acknowledged exist.
 */
@QuarkusTest
@TestProfile(DatabaseDownProfile.class)
class DatabaseDownTest {

    private static final Duration OUTAGE_TIMEOUT = Duration.ofSeconds(60);

    @StoppablePostgresResource.Handle
    Server postgres;

    @Inject
    Rows rows;

    private final AtomicInteger inDoubt = new AtomicInteger();

    @Test
    void requestsWhileTheDatabaseIsDownAre503AndNothingIsHalfWritten() throws Exception {
        String project = Api.newProject();
        List<String> acknowledged = new CopyOnWriteArrayList<>();
        List<String> unexpected = new CopyOnWriteArrayList<>();
        AtomicInteger unavailable = new AtomicInteger();
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService load = Executors.newFixedThreadPool(2);
        List<Future<?>> clients = List.of(load.submit(() -> creates(project, running, acknowledged, unavailable,
                unexpected)), load.submit(() -> creates(project, running, acknowledged, unavailable, unexpected)));
        try {
            await().atMost(OUTAGE_TIMEOUT).until(() -> acknowledged.size() >= 5);

            postgres.stop();
            int before = unavailable.get();
            await().atMost(OUTAGE_TIMEOUT).until(() -> unavailable.get() >= before + 5);
            Response read = Api.admin(project).get("/v3/" + project + "/volumes/" + acknowledged.get(0));
            assertThat(read.statusCode()).isEqualTo(503);
            assertThat(read.header("Retry-After")).isEqualTo("5");
            assertThat(read.jsonPath().getInt("serviceUnavailable.code")).isEqualTo(503);
            assertThat(read.jsonPath().getString("serviceUnavailable.message")).isEqualTo(
                    "The volume API's database is unavailable; nothing was changed. Retry later.");

            postgres.start();
            int acknowledgedBeforeRecovery = acknowledged.size();
            await().atMost(OUTAGE_TIMEOUT).until(() -> acknowledged.size() >= acknowledgedBeforeRecovery + 5);
        } finally {
            running.set(false);
            for (Future<?> client : clients) {
                client.get(1, TimeUnit.MINUTES);
            }
            load.shutdown();
        }

        assertThat(unexpected).as("answers other than 202 and 503").isEmpty();
        Set<String> stored = new HashSet<>();
        rows.all("select id::text from volume where project_id = $1", project).forEach(row -> stored.add(row.getString(0)));
        // Every acknowledged create is there; beyond them, only a create answered "may or may not have taken effect"
        // (the server went away under its commit) may be.
        assertThat(stored).containsAll(acknowledged);
        assertThat(stored.size() - acknowledged.size()).isLessThanOrEqualTo(inDoubt.get());
        Api.admin(project).get("/v3/" + project + "/volumes/" + acknowledged.get(0)).then().statusCode(200);
    }

    private void creates(String project, AtomicBoolean running, List<String> acknowledged,
            AtomicInteger unavailable, List<String> unexpected) {
        while (running.get()) {
            Response response = Api.admin(project).contentType(ContentType.JSON)
                    .body("{\"volume\": {\"size\": 1}}").post("/v3/" + project + "/volumes");
            if (response.statusCode() == 202) {
                acknowledged.add(JsonPath.from(response.asString()).getString("volume.id"));
            } else if (response.statusCode() == 503
                    && response.jsonPath().getString("serviceUnavailable.message").equals(FaultMappers.DATABASE_LOST)) {
                inDoubt.incrementAndGet();
            } else if (response.statusCode() == 503
                    && response.jsonPath().getInt("serviceUnavailable.code") == 503) {
                unavailable.incrementAndGet();
            } else {
                unexpected.add(response.statusCode() + " " + response.asString());
            }
        }
    }
}
