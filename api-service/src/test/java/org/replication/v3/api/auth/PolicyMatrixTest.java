package org.replication.v3.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.replication.v3.api.support.Api;
import org.replication.v3.api.support.Volumes;
import org.replication.v3.common.messaging.EventCodec;
import org.replication.v3.common.messaging.TopicNames;
import org.replication.v3.common.volume.VolumeSchedulingFailed;

/**
 * Every volume and type endpoint, called by an admin of the project, a member of the project, a reader of the
 * project and a member of another project, answers as Cinder's default policy does: admin-only calls are 403 for
 * members, readers may not create or delete volumes, and another project's volume does not exist (404).
 */
@QuarkusTest
class PolicyMatrixTest {

    enum Who {
        ADMIN,
        MEMBER,
        /** Keystone's reader role: may look, not change. */
        READER,
        OTHER_PROJECT_MEMBER
    }

    /**
     * What each case works on: a project with a volume, a public type and a private type with one extra spec;
     * on demand a volume whose scheduling failed, which may be deleted.
     */
    record Fixture(String owner, String volume, String type, String privateType, String grantedProject,
            Supplier<String> failedVolume) {
    }

    @Inject
    EventCodec codec;

    @Inject
    TopicNames topics;

    @FunctionalInterface
    interface Call {
        Response send(RequestSpecification as, String base, Fixture fixture);
    }

    static Stream<Arguments> matrix() {
        return Stream.of(
                row("show volume", (r, b, f) -> r.get(b + "/volumes/" + f.volume()), 200, 200, 200, 404),
                row("delete volume", (r, b, f) -> r.delete(b + "/volumes/" + f.failedVolume().get()),
                        202, 202, 403, 404),
                row("list volumes", (r, b, f) -> r.get(b + "/volumes"), 200, 200, 200, 200),
                row("list volume details", (r, b, f) -> r.get(b + "/volumes/detail"), 200, 200, 200, 200),
                row("create volume", (r, b, f) -> json(r, "{\"volume\": {\"size\": 1}}").post(b + "/volumes"),
                        202, 202, 403, 202),
                row("create type", (r, b, f) -> json(r, "{\"volume_type\": {\"name\": \"" + unique() + "\"}}")
                        .post(b + "/types"), 200, 403, 403, 403),
                row("list types", (r, b, f) -> r.get(b + "/types"), 200, 200, 200, 200),
                row("show type", (r, b, f) -> r.get(b + "/types/" + f.type()), 200, 200, 200, 200),
                row("show private type", (r, b, f) -> r.get(b + "/types/" + f.privateType()), 200, 404, 404, 404),
                row("show default type", (r, b, f) -> r.get(b + "/types/default"), 200, 200, 200, 200),
                row("update type", (r, b, f) -> json(r, "{\"volume_type\": {\"name\": \"" + unique() + "\"}}")
                        .put(b + "/types/" + f.type()), 200, 403, 403, 403),
                row("delete type", (r, b, f) -> r.delete(b + "/types/" + f.type()), 202, 403, 403, 403),
                row("set extra specs", (r, b, f) -> json(r, "{\"extra_specs\": {\"k2\": \"v\"}}")
                        .post(b + "/types/" + f.type() + "/extra_specs"), 200, 403, 403, 403),
                row("list extra specs", (r, b, f) -> r.get(b + "/types/" + f.type() + "/extra_specs"),
                        200, 200, 200, 200),
                row("show user visible extra spec", (r, b, f) -> r.get(b + "/types/" + f.type()
                        + "/extra_specs/multiattach"), 200, 200, 200, 200),
                row("show sensitive extra spec", (r, b, f) -> r.get(b + "/types/" + f.type() + "/extra_specs/k"),
                        200, 404, 404, 404),
                row("update extra spec", (r, b, f) -> json(r, "{\"k\": \"w\"}")
                        .put(b + "/types/" + f.type() + "/extra_specs/k"), 200, 403, 403, 403),
                row("delete extra spec", (r, b, f) -> r.delete(b + "/types/" + f.type() + "/extra_specs/k"),
                        202, 403, 403, 403),
                row("list type access", (r, b, f) -> r.get(b + "/types/" + f.privateType() + "/os-volume-type-access"),
                        200, 403, 403, 403),
                row("add type access", (r, b, f) -> json(r, "{\"addProjectAccess\": {\"project\": \"" + unique()
                        + "\"}}").post(b + "/types/" + f.privateType() + "/action"), 202, 403, 403, 403),
                row("remove type access", (r, b, f) -> json(r, "{\"removeProjectAccess\": {\"project\": \""
                        + f.grantedProject() + "\"}}").post(b + "/types/" + f.privateType() + "/action"),
                        202, 403, 403, 403),
                row("set project default type", (r, b, f) -> json(Api.at(r, "3.62"),
                        "{\"default_type\": {\"volume_type\": \"" + f.type() + "\"}}")
                        .put("/v3/default-types/" + f.owner()), 200, 403, 403, 403),
                row("show project default type", (r, b, f) -> Api.at(r, "3.62").get("/v3/default-types/" + f.owner()),
                        404, 403, 403, 403),
                row("list project default types", (r, b, f) -> Api.at(r, "3.62").get("/v3/default-types"),
                        200, 403, 403, 403),
                row("unset project default type", (r, b, f) -> Api.at(r, "3.62")
                        .delete("/v3/default-types/" + f.owner()), 204, 403, 403, 403))
                .flatMap(rows -> rows);
    }

    @ParameterizedTest(name = "{0} as {1} -> {3}")
    @MethodSource("matrix")
    void answersAsCindersDefaultPolicy(String endpoint, Who who, Call call, int expected) {
        Fixture fixture = fixture();
        String stranger = Api.newProject();
        RequestSpecification as = switch (who) {
            case ADMIN -> Api.admin(fixture.owner());
            case MEMBER -> Api.member(fixture.owner());
            case READER -> Api.as("reader", fixture.owner(), "reader");
            case OTHER_PROJECT_MEMBER -> Api.member(stranger);
        };
        String base = "/v3/" + (who == Who.OTHER_PROJECT_MEMBER ? stranger : fixture.owner());

        Response response = call.send(as, base, fixture);

        assertThat(response.statusCode()).as(endpoint + " as " + who + ": " + response.asString())
                .isEqualTo(expected);
        if (expected == 403) {
            assertThat(response.jsonPath().getInt("forbidden.code")).isEqualTo(403);
        }
    }

    private static Stream<Arguments> row(String endpoint, Call call, int admin, int member, int reader,
            int otherMember) {
        return Stream.of(Arguments.of(endpoint, Who.ADMIN, call, admin),
                Arguments.of(endpoint, Who.MEMBER, call, member),
                Arguments.of(endpoint, Who.READER, call, reader),
                Arguments.of(endpoint, Who.OTHER_PROJECT_MEMBER, call, otherMember));
    }

    private Fixture fixture() {
        String owner = Api.newProject();
        String volume = json(Api.admin(owner), "{\"volume\": {\"size\": 1}}").post("/v3/" + owner + "/volumes")
                .then().statusCode(202).extract().path("volume.id");
        String type = createType(owner, true);
        String privateType = createType(owner, false);
        String granted = Api.newProject();
        json(Api.admin(owner), "{\"addProjectAccess\": {\"project\": \"" + granted + "\"}}")
                .post("/v3/" + owner + "/types/" + privateType + "/action").then().statusCode(202);
        return new Fixture(owner, volume, type, privateType, granted, () -> failedVolume(owner));
    }

    private String failedVolume(String owner) {
        String id = Volumes.create(owner);
        VolumeSchedulingFailed failed = new VolumeSchedulingFailed(id, "no backend");
        Volumes.publish(topics.schedulerEvents(), failed, Volumes.encode(codec, failed));
        Volumes.awaitStatus(owner, id, "error");
        return id;
    }

    private static String createType(String project, boolean isPublic) {
        return json(Api.admin(project), "{\"volume_type\": {\"name\": \"" + unique() + "\","
                + " \"os-volume-type-access:is_public\": " + isPublic + ", \"extra_specs\": {\"k\": \"v\","
                + " \"multiattach\": \"<is> False\"}}}")
                .post("/v3/" + project + "/types").then().statusCode(200).extract().path("volume_type.id");
    }

    private static RequestSpecification json(RequestSpecification request, String body) {
        return request.contentType(ContentType.JSON).body(body);
    }

    private static String unique() {
        return "policy-" + UUID.randomUUID();
    }
}
