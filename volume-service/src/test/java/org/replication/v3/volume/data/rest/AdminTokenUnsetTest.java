package org.replication.v3.volume.data.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.replication.v3.volume.support.ConfigOverride;

/** A volume-service whose operator set no admin token: its admin endpoints are closed to everyone, not open. */
@QuarkusTest
@TestProfile(AdminTokenUnsetTest.NoToken.class)
class AdminTokenUnsetTest {

    /** The test profile's token taken away (an empty value is no value). */
    public static class NoToken extends ConfigOverride {
        public NoToken() {
            super("volume.admin.token", "");
        }
    }

    @Test
    void everyAdminEndpointIsRefusedSayingItIsNotConfigured() {
        String id = UUID.randomUUID().toString();
        String notConfigured = "admin endpoints are not configured: set volume.admin.token (VOLUME_ADMIN_TOKEN)";

        given().header("X-Roles", "admin").contentType(ContentType.BINARY).body(new byte[] {1})
                .put("/v1/volumes/{id}/data?offset=0", id)
                .then().statusCode(403).body("forbidden.message", containsString(notConfigured));
        given().header("X-Auth-Token", "").get("/v1/volumes/{id}/checksum", id)
                .then().statusCode(403).body("forbidden.message", containsString(notConfigured));
        given().header("X-Auth-Token", "anything").header("X-Roles", "admin").get("/v1/no-such-endpoint")
                .then().statusCode(403).body("forbidden.code", equalTo(403));
    }
}
