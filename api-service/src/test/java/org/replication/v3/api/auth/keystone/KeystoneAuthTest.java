package org.replication.v3.api.auth.keystone;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.replication.v3.api.support.Api;

/** Keystone mode: tokens are validated against Keystone, cached, and their project and roles make the caller. */
@QuarkusTest
@TestProfile(KeystoneProfile.class)
class KeystoneAuthTest {

    private static final long HOUR = 3600;

    private static FakeKeystone keystone() {
        return FakeKeystoneResource.keystone();
    }

    private static RequestSpecification with(String token) {
        return given().accept(ContentType.JSON).header("X-Auth-Token", token);
    }

    private static String typeBody() {
        return "{\"volume_type\": {\"name\": \"type-" + UUID.randomUUID() + "\"}}";
    }

    @Test
    void tokenActsForItsProjectWithItsRoles() {
        String project = Api.newProject();
        String member = keystone().issue("u-member", project, List.of("member", "reader"), HOUR);
        String admin = keystone().issue("u-admin", project, List.of("admin"), HOUR);

        with(member).get("/v3/" + project + "/volumes").then().statusCode(200);
        with(member).header("X-Roles", "admin").contentType(ContentType.JSON).body(typeBody())
                .post("/v3/" + project + "/types").then().statusCode(403)
                .body("forbidden.message",
                        equalTo("Policy doesn't allow volume_extension:type_create to be performed."));
        with(admin).contentType(ContentType.JSON).body(typeBody()).post("/v3/" + project + "/types")
                .then().statusCode(200);
        String volume = with(member).contentType(ContentType.JSON).body("{\"volume\": {\"size\": 1}}")
                .post("/v3/" + project + "/volumes").then().statusCode(202)
                .body("volume.user_id", equalTo("u-member")).extract().path("volume.id");
        with(member).get("/v3/" + project + "/volumes/" + volume).then().statusCode(200)
                .body("volume['os-vol-tenant-attr:tenant_id']", equalTo(project));
    }

    @Test
    void aReaderMayLookButNotCreate() {
        String project = Api.newProject();
        String reader = keystone().issue("u-reader", project, List.of("reader"), HOUR);

        with(reader).get("/v3/" + project + "/volumes/detail").then().statusCode(200);
        with(reader).contentType(ContentType.JSON).body("{\"volume\": {\"size\": 1}}")
                .post("/v3/" + project + "/volumes").then().statusCode(403)
                .body("forbidden.message", equalTo("Policy doesn't allow volume:create to be performed."));
    }

    @Test
    void urlNamingAnotherProjectThanTheTokensIsRefused() {
        String project = Api.newProject();
        String token = keystone().issue("u", project, List.of("admin"), HOUR);

        with(token).get("/v3/" + Api.newProject() + "/volumes").then().statusCode(400)
                .body("badRequest.message", equalTo("Malformed request url"));
    }

    @Test
    void aSecondRequestWithTheSameTokenDoesNotAskKeystone() {
        String project = Api.newProject();
        String token = keystone().issue("u", project, List.of("member"), HOUR);

        with(token).get("/v3/" + project + "/volumes").then().statusCode(200);
        with(token).get("/v3/" + project + "/volumes/detail").then().statusCode(200);
        with(token).get("/v3/" + project + "/types").then().statusCode(200);

        assertThat(keystone().validationsOf(token)).isEqualTo(1);
    }

    @Test
    void aCachedValidationExpiresAfterTheConfiguredLifetime() throws InterruptedException {
        String project = Api.newProject();
        String token = keystone().issue("u", project, List.of("member"), HOUR);
        with(token).get("/v3/" + project + "/volumes").then().statusCode(200);

        Thread.sleep(KeystoneProfile.CACHE_TTL.toMillis() + 500);
        with(token).get("/v3/" + project + "/volumes").then().statusCode(200);

        assertThat(keystone().validationsOf(token)).isEqualTo(2);
    }

    @Test
    void aTokenIsNotTrustedPastItsOwnExpiry() throws InterruptedException {
        String project = Api.newProject();
        String token = keystone().issue("u", project, List.of("member"), 1);
        with(token).get("/v3/" + project + "/volumes").then().statusCode(200);

        Thread.sleep(1500);

        with(token).get("/v3/" + project + "/volumes").then().statusCode(401);
        assertThat(keystone().validationsOf(token)).as("asked again, not served from the cache").isEqualTo(2);
    }

    @Test
    void invalidOrMissingTokenIs401InCindersShape() {
        String project = Api.newProject();
        String revoked = keystone().issue("u", project, List.of("admin"), HOUR);
        keystone().revoke(revoked);

        with("no-such-token").get("/v3/" + project + "/volumes").then().statusCode(401)
                .header("x-openstack-request-id", startsWith("req-"))
                .body("unauthorized.code", equalTo(401))
                .body("unauthorized.message", equalTo("The request you have made requires authentication."));
        with(revoked).get("/v3/" + project + "/volumes").then().statusCode(401);
        given().get("/v3/" + project + "/volumes").then().statusCode(401).body("unauthorized.code", equalTo(401));
        given().header("X-Auth-Token", "admin:" + project).get("/v3/" + project + "/volumes")
                .then().statusCode(401);
    }

    @Test
    void versionDocumentsNeedNoToken() {
        given().get("/v3/").then().statusCode(200).body("versions[0].id", equalTo("v3.0"));
    }

    @Test
    void unreachableKeystoneIs503ButCachedTokensStillWork() {
        String project = Api.newProject();
        String known = keystone().issue("u", project, List.of("member"), HOUR);
        String fresh = keystone().issue("u", project, List.of("member"), HOUR);
        with(known).get("/v3/" + project + "/volumes").then().statusCode(200);

        keystone().setDown(true);
        try {
            with(fresh).get("/v3/" + project + "/volumes").then().statusCode(503)
                    .header("x-compute-request-id", startsWith("req-"))
                    .body("serviceUnavailable.code", equalTo(503))
                    .body("serviceUnavailable.message", equalTo("The Keystone service is temporarily unavailable."));
            with(known).get("/v3/" + project + "/volumes").then().statusCode(200);
        } finally {
            keystone().setDown(false);
        }
        with(fresh).get("/v3/" + project + "/volumes").then().statusCode(200);
    }

    @Test
    void aRejectedServiceTokenIsRenewedOnce() {
        String project = Api.newProject();
        with(keystone().issue("u", project, List.of("member"), HOUR)).get("/v3/" + project + "/volumes")
                .then().statusCode(200);
        int issued = keystone().serviceTokensIssued();

        keystone().revokeServiceTokens();

        with(keystone().issue("u", project, List.of("member"), HOUR)).get("/v3/" + project + "/volumes")
                .then().statusCode(200);
        assertThat(keystone().serviceTokensIssued()).isEqualTo(issued + 1);
    }
}
