package org.replication.v3.api.cinderservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.replication.v3.api.support.Api;
import org.replication.v3.api.support.Golden;
import org.replication.v3.api.support.Kafka;
import org.replication.v3.api.support.Rows;
import org.replication.v3.api.support.Services;
import org.replication.v3.api.support.Volumes;
import org.replication.v3.common.cinderservice.ServiceBinary;
import org.replication.v3.common.cinderservice.ServiceStatusChanged;
import org.replication.v3.common.messaging.EventCodec;
import org.replication.v3.common.messaging.TopicNames;

/** os-services: services appear from their heartbeats, and operators enable, disable, freeze and thaw them. */
@QuarkusTest
class ServicesTest {

    @Inject
    EventCodec codec;

    @Inject
    TopicNames topics;

    @Inject
    Rows rows;

    private static Response list(String project, String microversion, String binary, String host) {
        return Api.at(Api.admin(project), microversion).queryParam("binary", binary).queryParam("host", host)
                .get("/v3/" + project + "/os-services");
    }

    private static Response put(String project, String action, String body) {
        return Api.admin(project).contentType(ContentType.JSON).body(body)
                .put("/v3/" + project + "/os-services/" + action);
    }

    private Map<String, Object> row(String backend) {
        var row = rows.one("select disabled, disabled_reason, frozen, modified_at from cinder_service"
                + " where service_binary = $1 and host = $2", ServiceBinary.VOLUME, backend);
        return Map.of("disabled", row.getBoolean("disabled"), "frozen", row.getBoolean("frozen"),
                "reason", String.valueOf(row.getString("disabled_reason")),
                "modified", String.valueOf(row.getValue("modified_at")));
    }

    @Test
    void volumeAndSchedulerServicesAppearFromHeartbeatsInCindersShape() {
        String project = Api.newProject();
        String host = Services.newHost();
        String backend = host + "@fast";
        Services.heartbeat(codec, topics, ServiceBinary.SCHEDULER, host, null, Instant.now());
        Services.volumeServiceUp(codec, topics, backend);
        Services.awaitListed(ServiceBinary.SCHEDULER, host);

        Response volume = list(project, "3.0", ServiceBinary.VOLUME, backend);
        volume.then().statusCode(200)
                .body("services[0].host", equalTo(backend))
                .body("services[0].zone", equalTo("nova"))
                .body("services[0].status", equalTo("enabled"))
                .body("services[0].state", equalTo("up"))
                .body("services[0].replication_status", equalTo("enabled"))
                .body("services[0].frozen", equalTo(false))
                .body("services[0]", not(hasKey("cluster")));
        Golden.assertSameShape(Golden.parse(volume.asString()), "services.json");

        list(project, "3.0", ServiceBinary.SCHEDULER, host).then().statusCode(200)
                .body("services[0].binary", equalTo(ServiceBinary.SCHEDULER))
                .body("services[0].state", equalTo("up"))
                .body("services[0].disabled_reason", nullValue())
                .body("services[0]", not(hasKey("frozen")))
                .body("services[0]", not(hasKey("backend_state")));
    }

    @Test
    void clusterFromMicroversion37AndBackendStateFrom349() {
        String project = Api.newProject();
        String backend = Services.newHost() + "@fast";
        Services.volumeServiceUp(codec, topics, backend);

        list(project, "3.6", null, backend).then().body("services[0]", not(hasKey("cluster")));
        Response at326 = list(project, "3.26", null, backend);
        at326.then().body("services[0]", hasKey("cluster")).body("services[0]", not(hasKey("backend_state")));
        Golden.assertSameShape(Golden.parse(at326.asString()), "services-3.26.json");
        list(project, "3.48", null, backend).then().body("services[0]", not(hasKey("backend_state")));
        list(project, "3.49", null, backend).then().body("services[0].backend_state", nullValue());

        Services.publishReport(codec, topics, Services.report(backend, "fast", Instant.now()));
        await().atMost(Volumes.EVENT_TIMEOUT).until(() ->
                "up".equals(list(project, "3.49", null, backend).jsonPath().getString("services[0].backend_state")));
        Golden.assertSameShape(Golden.parse(list(project, "3.49", null, backend).asString()), "services-3.49.json");
    }

    @Test
    void serviceWithoutRecentHeartbeatIsDown() {
        String project = Api.newProject();
        String backend = Services.newHost() + "@old";
        Services.heartbeat(codec, topics, ServiceBinary.VOLUME, backend, false, Instant.now().minusSeconds(600));
        Services.awaitListed(ServiceBinary.VOLUME, backend);

        list(project, "3.0", null, backend).then()
                .body("services[0].state", equalTo("down"))
                .body("services[0].replication_status", equalTo("disabled"));
    }

    @Test
    void onlyAdminsSeeOrChangeServices() {
        String project = Api.newProject();
        String backend = Services.newHost() + "@fast";
        Services.volumeServiceUp(codec, topics, backend);

        Api.member(project).get("/v3/" + project + "/os-services").then().statusCode(403)
                .body("forbidden.message", equalTo("Policy doesn't allow volume_extension:services:index to be performed."));
        for (String action : new String[] {"disable", "freeze", "thaw", "failover_host"}) {
            Api.member(project).contentType(ContentType.JSON)
                    .body("{\"host\": \"" + backend + "\", \"binary\": \"cinder-volume\"}")
                    .put("/v3/" + project + "/os-services/" + action).then().statusCode(403)
                    .body("forbidden.code", equalTo(403));
        }
        assertThat(row(backend)).containsEntry("disabled", false).containsEntry("frozen", false);
    }

    @Test
    void disableWithReasonIsShownAndToldToTheScheduler() {
        String project = Api.newProject();
        String backend = Services.newHost() + "@fast";
        Services.volumeServiceUp(codec, topics, backend);

        put(project, "disable-log-reason",
                "{\"host\": \"" + backend + "\", \"binary\": \"cinder-volume\", \"disabled_reason\": \"maintenance\"}")
                .then().statusCode(200)
                .body("disabled", equalTo(true))
                .body("disabled_reason", equalTo("maintenance"))
                .body("host", equalTo(backend))
                .body("service", equalTo(""))
                .body("binary", equalTo("cinder-volume"))
                .body("status", equalTo("disabled"));

        list(project, "3.0", null, backend).then()
                .body("services[0].status", equalTo("disabled"))
                .body("services[0].disabled_reason", equalTo("maintenance"));
        ServiceStatusChanged event = codec.data(codec.decode(Kafka.await(topics.serviceEvents(),
                record -> record.key().equals(ServiceBinary.key(ServiceBinary.VOLUME, backend)),
                Volumes.EVENT_TIMEOUT).value()), ServiceStatusChanged.class);
        assertThat(event.disabled()).isTrue();
        assertThat(event.disabledReason()).isEqualTo("maintenance");
        assertThat(event.excludedFromScheduling()).isTrue();

        Response enabled = put(project, "enable", "{\"host\": \"" + backend + "\", \"binary\": \"cinder-volume\"}");
        enabled.then().statusCode(200)
                .body("disabled", equalTo(false))
                .body("disabled_reason", nullValue())
                .body("status", equalTo("enabled"));
        assertThat(Golden.fieldNames(Golden.parse(enabled.asString())))
                .containsExactly("disabled_reason", "disabled", "host", "service", "binary", "status");
        list(project, "3.0", null, backend).then()
                .body("services[0].status", equalTo("enabled"))
                .body("services[0].disabled_reason", nullValue());
    }

    @Test
    void plainDisableAnswersWithoutReasonAndTheDeprecatedServiceKeyStillWorks() {
        String project = Api.newProject();
        String backend = Services.newHost() + "@fast";
        Services.volumeServiceUp(codec, topics, backend);

        put(project, "disable", "{\"host\": \"" + backend + "\", \"service\": \"cinder-volume\"}").then()
                .statusCode(200)
                .body("$", not(hasKey("disabled_reason")))
                .body("service", equalTo("cinder-volume"))
                .body("binary", equalTo(""))
                .body("status", equalTo("disabled"));
        assertThat(row(backend)).containsEntry("disabled", true);
    }

    @Test
    void badEnableOrDisableRequestsChangeNothing() {
        String project = Api.newProject();
        String backend = Services.newHost() + "@fast";
        Services.volumeServiceUp(codec, topics, backend);
        Map<String, Object> before = row(backend);

        put(project, "disable", "{\"host\": \"" + backend + "\"}").then().statusCode(400)
                .body("badRequest.message", equalTo("{'host': '" + backend
                        + "'} is not valid under any of the given schemas"));
        put(project, "disable", "{\"host\": \"" + backend + "\", \"binary\": \"cinder-volume\", \"x\": 1}")
                .then().statusCode(400)
                .body("badRequest.message", equalTo("Additional properties are not allowed ('x' was unexpected)"));
        put(project, "disable", "{\"binary\": \"cinder-volume\"}").then().statusCode(400)
                .body("badRequest.message", equalTo("Invalid input received: Host field is missing."));
        put(project, "disable-log-reason",
                "{\"host\": \"" + backend + "\", \"binary\": \"cinder-volume\", \"disabled_reason\": \"  \"}")
                .then().statusCode(400)
                .body("badRequest.message", equalTo("Invalid input for field/attribute disabled_reason. Value:   . "
                        + "'  ' is not a 'disabled_reason'"));
        put(project, "disable", "{\"host\": \"bad host!\", \"binary\": \"cinder-volume\"}").then().statusCode(400);
        put(project, "disable", "{\"host\": \"" + backend + "\", \"binary\": \"cinder-backup\"}").then()
                .statusCode(404)
                .body("itemNotFound.message", equalTo("Service cinder-backup could not be found on host "
                        + backend + "."));
        put(project, "disable", "[1]").then().statusCode(400);
        put(project, "reboot", "{\"host\": \"" + backend + "\", \"binary\": \"cinder-volume\"}").then()
                .statusCode(400).body("badRequest.message", equalTo("Invalid input received: Unknown action"));

        assertThat(row(backend)).isEqualTo(before);
    }

    @Test
    void freezeDisablesTheBackendAndThawReleasesIt() {
        String project = Api.newProject();
        String backend = Services.newHost() + "@fast";
        Services.volumeServiceUp(codec, topics, backend);

        Response frozen = put(project, "freeze", "{\"host\": \"" + backend + "\"}");
        frozen.then().statusCode(200);
        assertThat(frozen.asString()).isEmpty();
        list(project, "3.26", null, backend).then()
                .body("services[0].frozen", equalTo(true))
                .body("services[0].status", equalTo("disabled"))
                .body("services[0].disabled_reason", equalTo("frozen"));
        put(project, "freeze", "{\"host\": \"" + backend + "\"}").then().statusCode(400)
                .body("badRequest.message", equalTo("Invalid input received: Host is already Frozen."));

        put(project, "thaw", "{\"host\": \"" + backend + "\"}").then().statusCode(200);
        list(project, "3.26", null, backend).then()
                .body("services[0].frozen", equalTo(false))
                .body("services[0].status", equalTo("enabled"))
                .body("services[0].disabled_reason", equalTo(""));
        put(project, "thaw", "{\"host\": \"" + backend + "\"}").then().statusCode(400)
                .body("badRequest.message", equalTo("Invalid input received: Host is NOT Frozen."));
    }

    @Test
    void freezingAHostFreezesEachOfItsBackends() {
        String project = Api.newProject();
        String host = Services.newHost();
        Services.volumeServiceUp(codec, topics, host + "@fast");
        Services.volumeServiceUp(codec, topics, host + "@capacity");

        put(project, "freeze", "{\"host\": \"" + host + "\"}").then().statusCode(200);

        assertThat(row(host + "@fast")).containsEntry("frozen", true);
        assertThat(row(host + "@capacity")).containsEntry("frozen", true);
    }

    @Test
    void freezeOfAnUnknownHostOrWithoutHostIsRefused() {
        String project = Api.newProject();

        put(project, "freeze", "{\"host\": \"nosuchhost@fake1\"}").then().statusCode(400)
                .body("badRequest.message", equalTo("No service found with host=nosuchhost@fake1"));
        put(project, "thaw", "{}").then().statusCode(400)
                .body("badRequest.message", equalTo("Invalid input received: Host field is missing."));
        Api.at(Api.admin(project), "3.26").contentType(ContentType.JSON).body("{}")
                .put("/v3/" + project + "/os-services/freeze").then().statusCode(400)
                .body("badRequest.message", equalTo("Invalid input received: One and only one of cluster and host"
                        + " must be set."));
    }

    @Test
    void badFailoverRequestsAreRefusedWritingNothing() {
        String project = Api.newProject();
        String backend = Services.newHost() + "@fast";
        Services.volumeServiceUp(codec, topics, backend);
        Map<String, Object> before = row(backend);

        put(project, "failover_host", "{\"host\": \"nosuchhost@fake1\", \"backend_id\": \"fake-target\"}").then()
                .statusCode(400)
                .body("badRequest.message", equalTo("No service found with host=nosuchhost@fake1"));
        put(project, "failover_host", "{\"backend_id\": \"fake-target\"}").then().statusCode(400)
                .body("badRequest.message", equalTo("Invalid input received: Host field is missing."));
        put(project, "failover_host", "{\"host\": \"" + backend + "\", \"backend_id\": 7}").then().statusCode(400);
        put(project, "failover_host", "{\"host\": \"" + backend + "\", \"secondary\": \"x\"}").then()
                .statusCode(400);

        put(project, "failover", "{\"host\": \"" + backend + "\"}").then().statusCode(400)
                .body("badRequest.message", equalTo("Invalid input received: Unknown action"));
        Api.at(Api.admin(project), "3.26").contentType(ContentType.JSON)
                .body("{\"cluster\": \"c1\", \"host\": \"" + backend + "\"}")
                .put("/v3/" + project + "/os-services/failover").then().statusCode(400)
                .body("badRequest.message", equalTo("Invalid input received: One and only one of cluster and host"
                        + " must be set."));
        Api.at(Api.admin(project), "3.26").contentType(ContentType.JSON).body("{\"cluster\": \"c1\"}")
                .put("/v3/" + project + "/os-services/failover").then().statusCode(400)
                .body("badRequest.message", equalTo("No service found with cluster=c1"));

        assertThat(row(backend)).isEqualTo(before);
    }
}
