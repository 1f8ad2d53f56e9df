package org.replication.v3.volume.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.Random;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The admin data plane (/v1/volumes/{id}/data, /checksum) as tests use it: random blocks in, bytes and sums out,
 * every request with the admin token.
 */
public final class DataPlaneClient {

    private final Random random;

    public DataPlaneClient(long seed) {
        this.random = new Random(seed);
    }

    /**
     * Writes {@code length} random bytes at {@code offset} on one side (primary or secondary; null: the side that
     * serves); returns them.
     */
    public byte[] write(String id, String side, long offset, int length) {
        byte[] data = new byte[length];
        random.nextBytes(data);
        admin().contentType(ContentType.BINARY).body(data)
                .put("/v1/volumes/{id}/data?offset=" + offset + side(side), id).then().statusCode(204);
        return data;
    }

    public byte[] read(String id, String side, long offset, int length) {
        return admin().get("/v1/volumes/{id}/data?offset=" + offset + "&length=" + length + side(side), id)
                .then().statusCode(200).extract().asByteArray();
    }

    public String checksum(String id, String side) {
        return admin().get("/v1/volumes/{id}/checksum" + (side == null ? "" : "?side=" + side), id).then()
                .statusCode(200).extract().path("checksum.sha256");
    }

    private static String side(String side) {
        return side == null ? "" : "&side=" + side;
    }

    /** A request carrying the admin token the test profile configures. */
    public static RequestSpecification admin() {
        return given().header("X-Auth-Token", ConfigProvider.getConfig().getValue("volume.admin.token", String.class));
    }
}
