package org.replication.v3.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.replication.v3.api.http.ApiPaths;
import org.replication.v3.api.support.Api;
import org.replication.v3.api.support.Rows;
import org.replication.v3.api.support.Services;
import org.replication.v3.api.support.VolumeFixtures;
import org.replication.v3.api.support.Volumes;
import org.replication.v3.common.group.GroupCreated;
import org.replication.v3.common.messaging.EventCodec;
import org.replication.v3.common.messaging.TopicNames;
import org.replication.v3.common.volume.VolumeCreated;
import org.replication.v3.common.volume.VolumeSchedulingFailed;

/**
 * Every write endpoint (and every action of an action endpoint), and the reads whose answer depends on the caller,
 * called by an admin of the project, a member of the project, a reader of the project and a member of another
 * project, answers as Cinder's default policy does: admin-only calls are 403 for everyone else, a reader may look
 * but change nothing (403, even on its own project's resources), and another project's resource does not exist
 * (404). A refused call leaves what it aimed at as it was. One row per endpoint; a write endpoint that no row names
 * fails {@link #everyWriteEndpointIsInTheMatrix()}.
 */
@QuarkusTest
class PolicyMatrixTest {

    private static final String CONNECTOR = "{\"host\": \"compute-1\", \"mountpoint\": \"/dev/vdb\","
            + " \"initiator\": \"iqn.1993-08.org.debian:01:cad181614cec\"}";
    private static final String REPLICATED_GROUP_SPECS = "{\"group_replication_enabled\": \"<is> True\"}";

    enum Who {
        ADMIN,
        MEMBER,
        /** Keystone's reader role: may look, not change. */
        READER,
        OTHER_PROJECT_MEMBER
    }

    /** What a case works on: the owning project, the ids its setup made, and the state a user would read back. */
    record Target(String owner, List<String> ids, Supplier<Object> state) {

        String id() {
            return ids.get(0);
        }

        String id(int index) {
            return ids.get(index);
        }
    }

    @FunctionalInterface
    interface Setup {
        Target on(PolicyMatrixTest test, String owner);
    }

    @FunctionalInterface
    interface Call {
        Response send(RequestSpecification as, String base, Target target);
    }

    /**
     * One endpoint or action: its route as the resource classes declare it (relative to {@code /v3/{project_id}/}),
     * the rule a refusal names, and the status each caller gets.
     */
    record Row(String name, String route, String rule, Setup setup, Call call, int admin, int member, int reader,
            int otherProject) {

        int expected(Who who) {
            return switch (who) {
                case ADMIN -> admin;
                case MEMBER -> member;
                case READER -> reader;
                case OTHER_PROJECT_MEMBER -> otherProject;
            };
        }

        boolean writes() {
            return !route.startsWith("GET ");
        }

        @Override
        public String toString() {
            return name;
        }
    }

    @Inject
    EventCodec codec;

    @Inject
    TopicNames topics;

    @Inject
    Rows rows;

    static Stream<Row> matrix() {
        return Stream.of(
                // volumes
                row("create volume", "POST volumes", Policy.VOLUME_CREATE, PolicyMatrixTest::volumeList,
                        (r, b, t) -> json(r, "{\"volume\": {\"size\": 1}}").post(b + "/volumes"), 202, 202, 403, 202),
                row("show volume", "GET volumes/{id}", null, PolicyMatrixTest::volume,
                        (r, b, t) -> r.get(b + "/volumes/" + t.id()), 200, 200, 200, 404),
                row("list volumes", "GET volumes", null, PolicyMatrixTest::volumeList,
                        (r, b, t) -> r.get(b + "/volumes"), 200, 200, 200, 200),
                row("list volume details", "GET volumes/detail", null, PolicyMatrixTest::volumeList,
                        (r, b, t) -> r.get(b + "/volumes/detail"), 200, 200, 200, 200),
                row("update volume", "PUT volumes/{id}", Policy.VOLUME_UPDATE, PolicyMatrixTest::volume,
                        (r, b, t) -> json(r, "{\"volume\": {\"name\": \"renamed\"}}").put(b + "/volumes/" + t.id()),
                        200, 200, 403, 404),
                row("delete volume", "DELETE volumes/{id}", Policy.VOLUME_DELETE, PolicyMatrixTest::volume,
                        (r, b, t) -> r.delete(b + "/volumes/" + t.id()), 202, 202, 403, 404),
                volumeAction("os-extend", Policy.VOLUME_EXTEND, PolicyMatrixTest::volume,
                        "{\"os-extend\": {\"new_size\": 2}}", 202, 202, 403, 404),
                volumeAction("os-reset_status", Policy.VOLUME_RESET_STATUS, PolicyMatrixTest::volume,
                        "{\"os-reset_status\": {\"status\": \"error\"}}", 202, 403, 403, 403),
                volumeAction("os-attach", Policy.VOLUME_ATTACH, PolicyMatrixTest::volume,
                        "{\"os-attach\": {\"instance_uuid\": \"" + UUID.randomUUID() + "\", \"mountpoint\":"
                                + " \"/dev/vdc\"}}", 202, 202, 403, 404),
                volumeAction("os-begin_detaching", Policy.VOLUME_BEGIN_DETACHING, PolicyMatrixTest::attachedVolume,
                        "{\"os-begin_detaching\": {}}", 202, 202, 403, 404),
                volumeAction("os-roll_detaching", Policy.VOLUME_ROLL_DETACHING, PolicyMatrixTest::detachingVolume,
                        "{\"os-roll_detaching\": {}}", 202, 202, 403, 404),
                volumeAction("os-detach", Policy.VOLUME_DETACH, PolicyMatrixTest::attachedVolume,
                        "{\"os-detach\": {}}", 202, 202, 403, 404),
                // volume metadata
                row("add metadata", "POST volumes/{id}/metadata", Policy.VOLUME_METADATA_CREATE,
                        PolicyMatrixTest::volume, (r, b, t) -> json(r, "{\"metadata\": {\"k2\": \"v\"}}")
                                .post(b + "/volumes/" + t.id() + "/metadata"), 200, 200, 403, 404),
                row("replace metadata", "PUT volumes/{id}/metadata", Policy.VOLUME_METADATA_UPDATE,
                        PolicyMatrixTest::volume, (r, b, t) -> json(r, "{\"metadata\": {\"k\": \"w\"}}")
                                .put(b + "/volumes/" + t.id() + "/metadata"), 200, 200, 403, 404),
                row("set metadata item", "PUT volumes/{id}/metadata/{key}", Policy.VOLUME_METADATA_UPDATE,
                        PolicyMatrixTest::volume, (r, b, t) -> json(r, "{\"meta\": {\"k\": \"w\"}}")
                                .put(b + "/volumes/" + t.id() + "/metadata/k"), 200, 200, 403, 404),
                row("delete metadata item", "DELETE volumes/{id}/metadata/{key}", Policy.VOLUME_METADATA_DELETE,
                        PolicyMatrixTest::volume, (r, b, t) -> r.delete(b + "/volumes/" + t.id() + "/metadata/k"),
                        200, 200, 403, 404),
                // attachments (3.27, os-complete 3.44)
                row("create attachment", "POST attachments", Policy.ATTACHMENT_CREATE, PolicyMatrixTest::volume,
                        (r, b, t) -> json(Api.at(r, "3.44"), "{\"attachment\": {\"volume_uuid\": \"" + t.id()
                                + "\", \"instance_uuid\": \"" + UUID.randomUUID() + "\"}}").post(b + "/attachments"),
                        200, 200, 403, 404),
                row("update attachment", "PUT attachments/{id}", Policy.ATTACHMENT_UPDATE,
                        PolicyMatrixTest::attachment, (r, b, t) -> json(Api.at(r, "3.44"), "{\"attachment\":"
                                + " {\"connector\": " + CONNECTOR + "}}").put(b + "/attachments/" + t.id()),
                        200, 200, 403, 404),
                row("delete attachment", "DELETE attachments/{id}", Policy.ATTACHMENT_DELETE,
                        PolicyMatrixTest::attachment,
                        (r, b, t) -> Api.at(r, "3.44").delete(b + "/attachments/" + t.id()), 200, 200, 403, 404),
                row("complete attachment", "POST attachments/{id}/action", Policy.ATTACHMENT_COMPLETE,
                        PolicyMatrixTest::connectedAttachment, (r, b, t) -> json(Api.at(r, "3.44"),
                                "{\"os-complete\": {}}").post(b + "/attachments/" + t.id() + "/action"),
                        204, 204, 403, 404),
                // user messages (3.3)
                row("delete message", "DELETE messages/{id}", Policy.MESSAGE_DELETE, PolicyMatrixTest::message,
                        (r, b, t) -> Api.at(r, "3.3").delete(b + "/messages/" + t.id()), 204, 204, 403, 404),
                // groups (3.13; reset_status 3.20; replication 3.38)
                row("create group", "POST groups", Policy.GROUP_CREATE, PolicyMatrixTest::groupTypes,
                        (r, b, t) -> json(Api.at(r, "3.38"), "{\"group\": {\"name\": \"" + unique() + "\","
                                + " \"group_type\": \"" + t.id(0) + "\", \"volume_types\": [\"" + t.id(1) + "\"]}}")
                                .post(b + "/groups"), 202, 202, 403, 202),
                row("update group", "PUT groups/{id}", Policy.GROUP_UPDATE, PolicyMatrixTest::group,
                        (r, b, t) -> json(Api.at(r, "3.38"), "{\"group\": {\"name\": \"renamed\"}}")
                                .put(b + "/groups/" + t.id()), 202, 202, 403, 404),
                groupAction("delete", Policy.GROUP_DELETE, PolicyMatrixTest::group,
                        "{\"delete\": {\"delete-volumes\": true}}", 202, 202, 403, 404),
                groupAction("reset_status", Policy.GROUP_RESET_STATUS, PolicyMatrixTest::group,
                        "{\"reset_status\": {\"status\": \"error\"}}", 202, 403, 403, 403),
                groupAction("enable_replication", Policy.GROUP_ENABLE_REPLICATION,
                        PolicyMatrixTest::replicatedGroup, "{\"enable_replication\": {}}", 202, 202, 403, 404),
                groupAction("disable_replication", Policy.GROUP_DISABLE_REPLICATION,
                        PolicyMatrixTest::replicatedGroup, "{\"disable_replication\": {}}", 202, 202, 403, 404),
                groupAction("failover_replication", Policy.GROUP_FAILOVER_REPLICATION,
                        PolicyMatrixTest::replicatedGroup,
                        "{\"failover_replication\": {\"secondary_backend_id\": \"site-b\"}}", 202, 202, 403, 404),
                groupAction("list_replication_targets", Policy.GROUP_LIST_REPLICATION_TARGETS,
                        PolicyMatrixTest::replicatedGroup, "{\"list_replication_targets\": {}}", 200, 200, 403, 404),
                // group types and group specs (3.11)
                row("create group type", "POST group_types", Policy.GROUP_TYPE_CREATE,
                        PolicyMatrixTest::allGroupTypes, (r, b, t) -> json(Api.at(r, "3.11"),
                                "{\"group_type\": {\"name\": \"" + unique() + "\"}}").post(b + "/group_types"),
                        202, 403, 403, 403),
                row("update group type", "PUT group_types/{id}", Policy.GROUP_TYPE_UPDATE,
                        PolicyMatrixTest::groupType, (r, b, t) -> json(Api.at(r, "3.11"),
                                "{\"group_type\": {\"name\": \"" + unique() + "\"}}")
                                .put(b + "/group_types/" + t.id()), 200, 403, 403, 403),
                row("delete group type", "DELETE group_types/{id}", Policy.GROUP_TYPE_DELETE,
                        PolicyMatrixTest::groupType,
                        (r, b, t) -> Api.at(r, "3.11").delete(b + "/group_types/" + t.id()), 202, 403, 403, 403),
                row("set group specs", "POST group_types/{id}/group_specs", Policy.GROUP_SPECS_CREATE,
                        PolicyMatrixTest::groupType, (r, b, t) -> json(Api.at(r, "3.11"),
                                "{\"group_specs\": {\"k2\": \"v\"}}").post(b + "/group_types/" + t.id()
                                + "/group_specs"), 202, 403, 403, 403),
                row("update group spec", "PUT group_types/{id}/group_specs/{key}", Policy.GROUP_SPECS_UPDATE,
                        PolicyMatrixTest::groupType, (r, b, t) -> json(Api.at(r, "3.11"), "{\"k\": \"w\"}")
                                .put(b + "/group_types/" + t.id() + "/group_specs/k"), 202, 403, 403, 403),
                row("delete group spec", "DELETE group_types/{id}/group_specs/{key}", Policy.GROUP_SPECS_DELETE,
                        PolicyMatrixTest::groupType, (r, b, t) -> Api.at(r, "3.11")
                                .delete(b + "/group_types/" + t.id() + "/group_specs/k"), 202, 403, 403, 403),
                // volume types, extra specs and type access
                row("create type", "POST types", Policy.TYPE_CREATE, PolicyMatrixTest::allTypes,
                        (r, b, t) -> json(r, "{\"volume_type\": {\"name\": \"" + unique() + "\"}}")
                                .post(b + "/types"), 200, 403, 403, 403),
                row("list types", "GET types", null, PolicyMatrixTest::types,
                        (r, b, t) -> r.get(b + "/types"), 200, 200, 200, 200),
                row("show type", "GET types/{id}", null, PolicyMatrixTest::types,
                        (r, b, t) -> r.get(b + "/types/" + t.id()), 200, 200, 200, 200),
                row("show private type", "GET types/{id}", Policy.TYPE_SEE_PRIVATE, PolicyMatrixTest::types,
                        (r, b, t) -> r.get(b + "/types/" + t.id(1)), 200, 404, 404, 404),
                row("show default type", "GET types/default", null, PolicyMatrixTest::types,
                        (r, b, t) -> r.get(b + "/types/default"), 200, 200, 200, 200),
                row("update type", "PUT types/{id}", Policy.TYPE_UPDATE, PolicyMatrixTest::types,
                        (r, b, t) -> json(r, "{\"volume_type\": {\"name\": \"" + unique() + "\"}}")
                                .put(b + "/types/" + t.id()), 200, 403, 403, 403),
                row("delete type", "DELETE types/{id}", Policy.TYPE_DELETE, PolicyMatrixTest::types,
                        (r, b, t) -> r.delete(b + "/types/" + t.id()), 202, 403, 403, 403),
                row("set extra specs", "POST types/{id}/extra_specs", Policy.EXTRA_SPECS_CREATE,
                        PolicyMatrixTest::types, (r, b, t) -> json(r, "{\"extra_specs\": {\"k2\": \"v\"}}")
                                .post(b + "/types/" + t.id() + "/extra_specs"), 200, 403, 403, 403),
                row("list extra specs", "GET types/{id}/extra_specs", null, PolicyMatrixTest::types,
                        (r, b, t) -> r.get(b + "/types/" + t.id() + "/extra_specs"), 200, 200, 200, 200),
                row("show user visible extra spec", "GET types/{id}/extra_specs/{key}", null,
                        PolicyMatrixTest::types,
                        (r, b, t) -> r.get(b + "/types/" + t.id() + "/extra_specs/multiattach"), 200, 200, 200, 200),
                row("show sensitive extra spec", "GET types/{id}/extra_specs/{key}",
                        Policy.EXTRA_SPECS_READ_SENSITIVE, PolicyMatrixTest::types,
                        (r, b, t) -> r.get(b + "/types/" + t.id() + "/extra_specs/k"), 200, 404, 404, 404),
                row("update extra spec", "PUT types/{id}/extra_specs/{key}", Policy.EXTRA_SPECS_UPDATE,
                        PolicyMatrixTest::types, (r, b, t) -> json(r, "{\"k\": \"w\"}")
                                .put(b + "/types/" + t.id() + "/extra_specs/k"), 200, 403, 403, 403),
                row("delete extra spec", "DELETE types/{id}/extra_specs/{key}", Policy.EXTRA_SPECS_DELETE,
                        PolicyMatrixTest::types, (r, b, t) -> r.delete(b + "/types/" + t.id() + "/extra_specs/k"),
                        202, 403, 403, 403),
                row("list type access", "GET types/{id}/os-volume-type-access", Policy.TYPE_ACCESS_LIST,
                        PolicyMatrixTest::types,
                        (r, b, t) -> r.get(b + "/types/" + t.id(1) + "/os-volume-type-access"), 200, 403, 403, 403),
                row("add type access", "POST types/{id}/action", Policy.TYPE_ACCESS_ADD, PolicyMatrixTest::types,
                        (r, b, t) -> json(r, "{\"addProjectAccess\": {\"project\": \"" + Api.newProject() + "\"}}")
                                .post(b + "/types/" + t.id(1) + "/action"), 202, 403, 403, 403),
                row("remove type access", "POST types/{id}/action", Policy.TYPE_ACCESS_REMOVE,
                        PolicyMatrixTest::types, (r, b, t) -> json(r, "{\"removeProjectAccess\": {\"project\": \""
                                + t.id(2) + "\"}}").post(b + "/types/" + t.id(1) + "/action"), 202, 403, 403, 403),
                // project default types (3.62): the project is in the path, not the caller's URL
                row("set project default type", "PUT /v3/default-types/{project}", Policy.DEFAULT_TYPE_SET,
                        PolicyMatrixTest::defaultType, (r, b, t) -> json(Api.at(r, "3.62"),
                                "{\"default_type\": {\"volume_type\": \"" + t.id() + "\"}}")
                                .put("/v3/default-types/" + t.owner()), 200, 403, 403, 403),
                row("show project default type", "GET /v3/default-types/{project}", Policy.DEFAULT_TYPE_GET,
                        PolicyMatrixTest::defaultType,
                        (r, b, t) -> Api.at(r, "3.62").get("/v3/default-types/" + t.owner()), 404, 403, 403, 403),
                row("list project default types", "GET /v3/default-types", Policy.DEFAULT_TYPE_GET_ALL,
                        PolicyMatrixTest::defaultType, (r, b, t) -> Api.at(r, "3.62").get("/v3/default-types"),
                        200, 403, 403, 403),
                row("unset project default type", "DELETE /v3/default-types/{project}", Policy.DEFAULT_TYPE_UNSET,
                        PolicyMatrixTest::projectWithDefaultType,
                        (r, b, t) -> Api.at(r, "3.62").delete("/v3/default-types/" + t.owner()), 204, 403, 403, 403),
                // os-services (admin only; every action is first a services:update)
                row("list services", "GET os-services", Policy.SERVICES_INDEX, PolicyMatrixTest::service,
                        (r, b, t) -> r.get(b + "/os-services"), 200, 403, 403, 403),
                serviceAction("enable", "3.0", PolicyMatrixTest::service,
                        "{\"host\": \"%s\", \"binary\": \"cinder-volume\"}", 200),
                serviceAction("disable", "3.0", PolicyMatrixTest::service,
                        "{\"host\": \"%s\", \"binary\": \"cinder-volume\"}", 200),
                serviceAction("disable-log-reason", "3.0", PolicyMatrixTest::service,
                        "{\"host\": \"%s\", \"binary\": \"cinder-volume\", \"disabled_reason\": \"maintenance\"}",
                        200),
                serviceAction("freeze", "3.0", PolicyMatrixTest::service, "{\"host\": \"%s\"}", 200),
                serviceAction("thaw", "3.0", PolicyMatrixTest::frozenService, "{\"host\": \"%s\"}", 200),
                serviceAction("failover_host", "3.0", PolicyMatrixTest::service,
                        "{\"host\": \"%s\", \"backend_id\": \"site-b\"}", 202),
                serviceAction("failover", "3.26", PolicyMatrixTest::service,
                        "{\"host\": \"%s\", \"backend_id\": \"site-b\"}", 202),
                // Replication v3's failover API (3.71, admin only)
                replication("failover", Policy.REPLICATION_FAILOVER),
                replication("failback", Policy.REPLICATION_FAILBACK),
                replication("reprotect", Policy.REPLICATION_REPROTECT),
                // volume type encryption (admin only, as Cinder's)
                row("create type encryption", "POST types/{id}/encryption", Policy.TYPE_ENCRYPTION_CREATE,
                        PolicyMatrixTest::typeEncryption, (r, b, t) -> json(r, "{\"encryption\": {\"provider\":"
                                + " \"luks\", \"cipher\": \"aes-xts-plain64\", \"key_size\": 256,"
                                + " \"control_location\": \"front-end\"}}").post(b + "/types/" + t.id()
                                + "/encryption"), 200, 403, 403, 403),
                row("delete type encryption", "DELETE types/{id}/encryption/{encryption_id}",
                        Policy.TYPE_ENCRYPTION_DELETE, PolicyMatrixTest::encryptedType,
                        (r, b, t) -> r.delete(b + "/types/" + t.id() + "/encryption/" + t.id(1)), 202, 403, 403,
                        403),
                // cross-cloud (3.74, admin only): the admin's export is refused further on (the volume has not
                // failed over), the import's document is not one; both after the policy
                row("export replicas", "POST replication/export", Policy.REPLICATION_EXPORT,
                        PolicyMatrixTest::replicatedVolume, (r, b, t) -> json(Api.at(r, "3.74"), "{\"export\":"
                                + " {\"scope\": \"volume\", \"resources\": [\"" + t.id() + "\"]}}")
                                .post(b + "/replication/export"), 409, 403, 403, 403),
                row("import replicas", "POST volumes/import-replica", Policy.VOLUME_IMPORT_REPLICA,
                        PolicyMatrixTest::replicatedVolume, (r, b, t) -> json(Api.at(r, "3.74"),
                                "{\"import_replica\": {\"document\": {\"format_version\": 1}}}")
                                .post(b + "/volumes/import-replica"), 400, 403, 403, 403));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matrix")
    void answersAsCindersDefaultPolicyAndARefusalChangesNothing(Row row) {
        String owner = Api.newProject();
        String stranger = Api.newProject();
        Target target = row.setup().on(this, owner);
        // The refused callers first, on one setup; a member's successful write uses it up, so the admin gets another.
        for (Who who : List.of(Who.READER, Who.OTHER_PROJECT_MEMBER, Who.MEMBER, Who.ADMIN)) {
            if (who == Who.ADMIN && row.writes() && succeeds(row.member())) {
                target = row.setup().on(this, owner);
            }
            int expected = row.expected(who);
            Object before = target.state().get();
            RequestSpecification as = switch (who) {
                case ADMIN -> Api.admin(owner);
                case MEMBER -> Api.member(owner);
                case READER -> Api.as("reader", owner, "reader");
                case OTHER_PROJECT_MEMBER -> Api.member(stranger);
            };
            String base = "/v3/" + (who == Who.OTHER_PROJECT_MEMBER ? stranger : owner);

            Response response = row.call().send(as, base, target);

            String described = row.name() + " as " + who;
            assertThat(response.statusCode()).as(described + ": " + response.asString()).isEqualTo(expected);
            if (expected == 403) {
                assertThat(response.jsonPath().getInt("forbidden.code")).as(described).isEqualTo(403);
                assertThat(response.jsonPath().getString("forbidden.message")).as(described)
                        .isEqualTo("Policy doesn't allow " + row.rule() + " to be performed.");
            }
            // Another project's caller never changes the owner's resources, even where it may act in its own.
            if (!succeeds(expected) || who == Who.OTHER_PROJECT_MEMBER) {
                assertThat(target.state().get()).as(described + " changed nothing").isEqualTo(before);
            }
        }
    }

    /** A write method a resource class declares and no row names (or a row naming none) fails here. */
    @Test
    void everyWriteEndpointIsInTheMatrix() throws IOException, URISyntaxException {
        Set<String> listed = matrix().filter(Row::writes).map(Row::route)
                .collect(Collectors.toCollection(TreeSet::new));

        assertThat(listed).as("write endpoints in the matrix").isEqualTo(exposedWriteRoutes());
    }

    /** The JAX-RS write methods of the API's resources, each as "METHOD path" the way the matrix names them. */
    private static Set<String> exposedWriteRoutes() throws IOException, URISyntaxException {
        Path classes = Path.of(Policy.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path api = classes.resolve(Path.of("org", "replication", "v3", "api"));
        Set<String> routes = new TreeSet<>();
        try (Stream<Path> files = Files.walk(api)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = classes.relativize(file).toString().replace(file.getFileSystem().getSeparator(), ".")
                        .replaceAll("\\.class$", "");
                Class<?> type = load(name);
                jakarta.ws.rs.Path root = type.getAnnotation(jakarta.ws.rs.Path.class);
                if (root == null) {
                    continue;
                }
                for (Method method : type.getDeclaredMethods()) {
                    String verb = verb(method);
                    if (verb != null) {
                        jakarta.ws.rs.Path sub = method.getAnnotation(jakarta.ws.rs.Path.class);
                        routes.add(verb + " " + relative(root.value() + (sub == null ? "" : "/" + sub.value())));
                    }
                }
            }
        }
        return routes;
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, Policy.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(name, e);
        }
    }

    private static String verb(Method method) {
        return Stream.of(POST.class, PUT.class, DELETE.class, PATCH.class)
                .filter(method::isAnnotationPresent).map(Class::getSimpleName).findFirst().orElse(null);
    }

    /** The path with single slashes and without the project-scoped prefix most routes share. */
    private static String relative(String path) {
        String clean = path.replaceAll("/+", "/");
        return clean.startsWith(ApiPaths.PROJECT_SCOPED) ? clean.substring(ApiPaths.PROJECT_SCOPED.length()) : clean;
    }

    private static boolean succeeds(int status) {
        return status >= 200 && status < 300;
    }

    private static Row row(String name, String route, String rule, Setup setup, Call call, int admin, int member,
            int reader, int otherProject) {
        return new Row(name, route, rule, setup, call, admin, member, reader, otherProject);
    }

    private static Row volumeAction(String action, String rule, Setup setup, String body, int admin, int member,
            int reader, int otherProject) {
        return row("volume action " + action, "POST volumes/{id}/action", rule, setup,
                (r, b, t) -> json(r, body).post(b + "/volumes/" + t.id() + "/action"), admin, member, reader,
                otherProject);
    }

    private static Row groupAction(String action, String rule, Setup setup, String body, int admin, int member,
            int reader, int otherProject) {
        return row("group action " + action, "POST groups/{id}/action", rule, setup,
                (r, b, t) -> json(Api.at(r, "3.38"), body).post(b + "/groups/" + t.id() + "/action"), admin, member,
                reader, otherProject);
    }

    /** os-services actions are admin only; a refusal names services:update, which every action needs first. */
    private static Row serviceAction(String action, String microversion, Setup setup, String body, int admin) {
        return row("os-services " + action, "PUT os-services/{action}", Policy.SERVICES_UPDATE, setup,
                (r, b, t) -> json(Api.at(r, microversion), body.formatted(t.id()))
                        .put(b + "/os-services/" + action), admin, 403, 403, 403);
    }

    private static Row replication(String action, String rule) {
        return row("replication " + action, "POST replication/" + action, rule,
                PolicyMatrixTest::replicatedVolume, (r, b, t) -> json(Api.at(r, "3.71"), "{\"" + action
                        + "\": {\"scope\": \"volume\", \"resources\": [\"" + t.id() + "\"]}}")
                        .post(b + "/replication/" + action), 202, 403, 403, 403);
    }

    // Setups: each makes what its rows act on and says how a user reads it back.

    private Target volumeList(String owner) {
        return new Target(owner, List.of(), () -> Api.admin(owner).get("/v3/" + owner + "/volumes/detail").asString());
    }

    /** An available 1 GB volume with metadata k=v. */
    private Target volume(String owner) {
        String id = availableVolume(owner, VolumeFixtures.HOST);
        return new Target(owner, List.of(id), () -> volumeState(owner, id));
    }

    private Target attachedVolume(String owner) {
        Target volume = volume(owner);
        act(owner, volume.id(), "{\"os-attach\": {\"instance_uuid\": \"" + UUID.randomUUID()
                + "\", \"mountpoint\": \"/dev/vdb\"}}");
        return volume;
    }

    private Target detachingVolume(String owner) {
        Target volume = attachedVolume(owner);
        act(owner, volume.id(), "{\"os-begin_detaching\": {}}");
        return volume;
    }

    /** A reserved attachment (3.27) of an available volume; ids: the attachment, its volume. */
    private Target attachment(String owner) {
        String volume = availableVolume(owner, VolumeFixtures.HOST);
        String id = json(Api.at(Api.member(owner), "3.27"), "{\"attachment\": {\"volume_uuid\": \"" + volume
                + "\", \"instance_uuid\": \"" + UUID.randomUUID() + "\"}}").post("/v3/" + owner + "/attachments")
                .then().statusCode(200).extract().path("attachment.id");
        return new Target(owner, List.of(id, volume), () -> List.of(volumeState(owner, volume),
                Api.at(Api.admin(owner), "3.27").get("/v3/" + owner + "/attachments/" + id).asString()));
    }

    /** An attachment whose connector is known (attaching), which os-complete may finish. */
    private Target connectedAttachment(String owner) {
        Target attachment = attachment(owner);
        json(Api.at(Api.member(owner), "3.27"), "{\"attachment\": {\"connector\": " + CONNECTOR + "}}")
                .put("/v3/" + owner + "/attachments/" + attachment.id()).then().statusCode(200);
        return attachment;
    }

    /** The user message of a volume no backend could take. */
    private Target message(String owner) {
        String volume = Volumes.create(owner);
        VolumeSchedulingFailed failed = new VolumeSchedulingFailed(volume, "No valid backend was found.");
        Volumes.publish(topics.schedulerEvents(), failed, Volumes.encode(codec, failed));
        await().atMost(Volumes.EVENT_TIMEOUT)
                .until(() -> rows.count("select count(*) from user_message where resource_uuid = $1", volume) == 1);
        String id = rows.one("select id::text as id from user_message where resource_uuid = $1", volume)
                .getString("id");
        return new Target(owner, List.of(id),
                () -> Api.at(Api.admin(owner), "3.3").get("/v3/" + owner + "/messages/" + id).asString());
    }

    /** A group type and a volume type a group may be created with; the state is the project's groups. */
    private Target groupTypes(String owner) {
        String groupType = newGroupType(owner, "{}");
        String volumeType = newVolumeType(owner, true);
        return new Target(owner, List.of(groupType, volumeType),
                () -> Api.at(Api.admin(owner), "3.38").get("/v3/" + owner + "/groups/detail").asString());
    }

    /** An available group with no volumes. */
    private Target group(String owner) {
        return availableGroup(owner, "{}", Services.newHost() + "@fast");
    }

    /** An available replicated group whose backend reports target site-b. */
    private Target replicatedGroup(String owner) {
        String backend = Services.newHost() + "@fast";
        Target group = availableGroup(owner, REPLICATED_GROUP_SPECS, backend);
        Services.publishReport(codec, topics, Services.report(backend, "fast", Instant.now()));
        return group;
    }

    private Target allGroupTypes(String owner) {
        return new Target(owner, List.of(), () -> rows.count("select count(*) from group_type"));
    }

    /** A group type with group spec k=v. */
    private Target groupType(String owner) {
        String id = newGroupType(owner, "{\"k\": \"v\"}");
        return new Target(owner, List.of(id),
                () -> Api.at(Api.admin(owner), "3.11").get("/v3/" + owner + "/group_types/" + id).asString());
    }

    private Target allTypes(String owner) {
        return new Target(owner, List.of(), () -> rows.count("select count(*) from volume_type"));
    }

    /** ids: a public and a private type, both with extra specs k and multiattach, and a project granted the second. */
    private Target types(String owner) {
        String type = newVolumeType(owner, true);
        String privateType = newVolumeType(owner, false);
        String granted = Api.newProject();
        json(Api.admin(owner), "{\"addProjectAccess\": {\"project\": \"" + granted + "\"}}")
                .post("/v3/" + owner + "/types/" + privateType + "/action").then().statusCode(202);
        return new Target(owner, List.of(type, privateType, granted), () -> Stream.of(type, privateType)
                .map(id -> Api.admin(owner).get("/v3/" + owner + "/types/" + id).asString()
                        + Api.admin(owner).get("/v3/" + owner + "/types/" + id + "/extra_specs").asString()
                        + Api.admin(owner).get("/v3/" + owner + "/types/" + id + "/os-volume-type-access").asString())
                .toList());
    }

    /** A public type; the state is the project's default type. */
    private Target defaultType(String owner) {
        String type = newVolumeType(owner, true);
        return new Target(owner, List.of(type), () -> {
            Response shown = Api.at(Api.admin(owner), "3.62").get("/v3/default-types/" + owner);
            return shown.statusCode() + " " + shown.asString();
        });
    }

    private Target projectWithDefaultType(String owner) {
        Target type = defaultType(owner);
        json(Api.at(Api.admin(owner), "3.62"), "{\"default_type\": {\"volume_type\": \"" + type.id() + "\"}}")
                .put("/v3/default-types/" + owner).then().statusCode(200);
        return type;
    }

    /** A replicating volume service no other test uses; id: its backend (host@backend). */
    private Target service(String owner) {
        String backend = Services.newHost() + "@fast";
        Services.volumeServiceUp(codec, topics, backend);
        return new Target(owner, List.of(backend), () -> List.of(
                Api.at(Api.admin(owner), "3.49").queryParam("host", backend).get("/v3/" + owner + "/os-services")
                        .asString(),
                rows.count("select count(*) from failover_operation where resources like $1", "%" + backend + "%")));
    }

    private Target frozenService(String owner) {
        Target service = service(owner);
        json(Api.admin(owner), "{\"host\": \"" + service.id() + "\"}").put("/v3/" + owner + "/os-services/freeze")
                .then().statusCode(200);
        return service;
    }

    /** An available volume on a backend no other test uses, so that no running operation overlaps it. */
    private Target replicatedVolume(String owner) {
        String id = availableVolume(owner, Services.newHost() + "@fast#pool-a");
        return new Target(owner, List.of(id), () -> List.of(volumeState(owner, id),
                rows.count("select count(*) from failover_operation where project_id = $1", owner)));
    }

    /** A volume type without encryption. */
    private Target typeEncryption(String owner) {
        String type = newVolumeType(owner, true);
        return new Target(owner, List.of(type),
                () -> Api.admin(owner).get("/v3/" + owner + "/types/" + type + "/encryption").asString());
    }

    /** A volume type with encryption; its encryption id second. */
    private Target encryptedType(String owner) {
        String type = newVolumeType(owner, true);
        String encryption = json(Api.admin(owner), "{\"encryption\": {\"provider\": \"luks\"}}")
                .post("/v3/" + owner + "/types/" + type + "/encryption").then().statusCode(200)
                .extract().path("encryption.encryption_id");
        return new Target(owner, List.of(type, encryption),
                () -> Api.admin(owner).get("/v3/" + owner + "/types/" + type + "/encryption").asString());
    }

    private String availableVolume(String owner, String host) {
        String id = json(Api.admin(owner), "{\"volume\": {\"size\": 1, \"name\": \"" + unique() + "\","
                + " \"metadata\": {\"k\": \"v\"}}}").post("/v3/" + owner + "/volumes")
                .then().statusCode(202).extract().path("volume.id");
        VolumeCreated created = new VolumeCreated(id, host, null, 1);
        Volumes.publish(topics.volumeEvents(), created, Volumes.encode(codec, created));
        Volumes.awaitStatus(owner, id, "available");
        return id;
    }

    private Target availableGroup(String owner, String groupSpecs, String backend) {
        String groupType = newGroupType(owner, groupSpecs);
        String volumeType = newVolumeType(owner, true);
        String id = json(Api.at(Api.member(owner), "3.13"), "{\"group\": {\"name\": \"" + unique() + "\","
                + " \"group_type\": \"" + groupType + "\", \"volume_types\": [\"" + volumeType + "\"]}}")
                .post("/v3/" + owner + "/groups").then().statusCode(202).extract().path("group.id");
        GroupCreated created = new GroupCreated(id, backend + "#pool-a");
        Volumes.publish(topics.volumeEvents(), created, Volumes.encode(codec, created));
        await().atMost(Volumes.EVENT_TIMEOUT).until(() -> "available".equals(Api.at(Api.admin(owner), "3.13")
                .get("/v3/" + owner + "/groups/" + id).then().extract().path("group.status")));
        return new Target(owner, List.of(id), () -> Api.at(Api.admin(owner), "3.38").queryParam("list_volume", "true")
                .get("/v3/" + owner + "/groups/" + id).asString());
    }

    /** The volume as its owner's admin sees it: name, metadata, size, status, attachments, group. */
    private static String volumeState(String owner, String id) {
        return Api.at(Api.admin(owner), "3.13").get("/v3/" + owner + "/volumes/" + id).asString();
    }

    private static void act(String owner, String id, String body) {
        json(Api.member(owner), body).post("/v3/" + owner + "/volumes/" + id + "/action").then().statusCode(202);
    }

    private static String newGroupType(String owner, String groupSpecs) {
        return json(Api.at(Api.admin(owner), "3.11"), "{\"group_type\": {\"name\": \"" + unique() + "\","
                + " \"group_specs\": " + groupSpecs + "}}").post("/v3/" + owner + "/group_types")
                .then().statusCode(202).extract().path("group_type.id");
    }

    private static String newVolumeType(String owner, boolean isPublic) {
        return json(Api.admin(owner), "{\"volume_type\": {\"name\": \"" + unique() + "\","
                + " \"os-volume-type-access:is_public\": " + isPublic + ", \"extra_specs\": {\"k\": \"v\","
                + " \"multiattach\": \"<is> False\"}}}")
                .post("/v3/" + owner + "/types").then().statusCode(200).extract().path("volume_type.id");
    }

    private static RequestSpecification json(RequestSpecification request, String body) {
        return request.contentType(ContentType.JSON).body(body);
    }

    private static String unique() {
        return "policy-" + UUID.randomUUID();
    }
}
