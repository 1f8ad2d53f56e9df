package org.replication.v3.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.replication.v3.common.crosscloud.ReplicaDocument;
import org.replication.v3.common.crosscloud.ReplicaDocuments;
import org.replication.v3.testinfra.ReplicaDocumentSchema;

/**
 * Cross-cloud disaster recovery (issue 14, docs/cross-cloud.md) with two clouds, each its own processes: cloud A
 * (the {@link Suite}) loses site-b's array, its backend {@code capacity} fails over to site-c's array, it exports the
 * volumes with {@code clear_existing=true}, and cloud B ({@link CloudB}, backend {@code dr} on site-c's array)
 * imports them and serves the same bytes; cloud A keeps no record of them. Every refusal leaves both clouds as they
 * were. capacity's target site-c is its cross_os target, which replicates async only: the volumes ship to it with
 * an RPO, the test waits until site-c holds what was written, and the operator's failover is forced (site-b is
 * unreachable). At the end site-b returns, cloud B protects the imported group towards it, and cloud A fails its
 * remaining capacity volumes back, so the suite is as the other system tests expect it.
 */
class TwoCloudIT {

    /** {@code Microversions.CROSS_CLOUD}. */
    static final String CROSS_CLOUD = "3.74";
    private static final String GROUPS = "3.38";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long[] OFFSETS = {0, 3 * 65536 + 512};
    private static final Duration FAILOVER = Duration.ofSeconds(90);
    private static final Duration MOVE = Duration.ofSeconds(60);
    /** capacity's async RPO in the suite ({@link Suite}: shipped every 5 s). */
    private static final int RPO_SECONDS = Suite.CAPACITY_RPO_SECONDS;
    private static final Map<String, String> GROUP_VOLUME_TYPES = new LinkedHashMap<>();
    private static final String CAPACITY = "node1@capacity";

    @BeforeAll
    static void startBothClouds() {
        Suite.get();
        CloudB.get();
    }

    /** site-b back, and capacity failed back in cloud A: later tests expect it served from site-b. */
    @AfterAll
    static void bringSiteBBackAndFailCapacityBack() {
        Suite.get().arrays.start("site-b");
        String operation = a(Failovers.MICROVERSION).body("{\"failback\": {\"scope\": \"backend\", \"resources\":"
                        + " [\"" + CAPACITY + "\"], \"target\": \"site-c\", \"changes\": \"keep\"}}")
                .post("/replication/failback").then().statusCode(202).extract().path("operation.id");
        awaitEnded(operation);
    }

    @Test
    void failedOverVolumesAndAGroupMoveToCloudBWithTheirBytesAndLeaveNoRecordInCloudA() throws Exception {
        CloudB b = CloudB.get();

        // Cloud A: volumes of capacity (site-b, the whole backend shipping async to site-c) and a group of them; an
        // encrypted one, one to attach after the failover, one replicated on fast (site-c to site-b: it does not fail
        // over when site-b is lost).
        String async = capacityType(false);
        List<String> volumes = List.of(VolumeSliceIT.createVolume(async, 1), VolumeSliceIT.createVolume(async, 1));
        String attached = VolumeSliceIT.createVolume(async, 1);
        String encrypted = VolumeSliceIT.createVolume(capacityType(true), 1);
        String notFailedOver = VolumeSliceIT.createVolume(fastAsyncType(), 1);
        String group = group("dr-group");
        List<String> members = List.of(groupVolume(group), groupVolume(group));
        List<String> replicated = Stream.of(volumes, members, List.of(attached, encrypted, notFailedOver))
                .flatMap(List::stream).toList();
        await().atMost(MOVE).pollInterval(Duration.ofMillis(500))
                .until(() -> replicated.stream().allMatch(id -> "enabled".equals(replicationStatus(id))));

        List<String> moved = Stream.concat(volumes.stream(), members.stream()).toList();
        Map<String, byte[][]> written = new LinkedHashMap<>();
        Map<String, String> sums = new LinkedHashMap<>();
        Random random = new Random(14);
        for (String id : moved) {
            written.put(id, write(id, random));
            sums.put(id, checksumInA(id, "primary"));
        }
        // A checksum reads the whole 1 GiB volume: one look at every volume takes seconds on a busy machine, hence
        // the margin over the RPO.
        await().atMost(Duration.ofSeconds(4L * RPO_SECONDS + 120)).pollInterval(Duration.ofSeconds(1)).until(() -> moved
                .stream().allMatch(id -> sums.get(id).equals(checksumInA(id, "secondary"))));

        // site-b's array is lost (kill -9); the operator fails capacity over to site-c, forced: its array cannot be
        // reached.
        Suite.get().arrays.kill("site-b");
        failOverCapacity();
        await().atMost(FAILOVER).pollInterval(Duration.ofMillis(500)).until(() -> Stream.of(volumes, members,
                List.of(attached, encrypted)).flatMap(List::stream).allMatch(id -> "failed-over".equals(replicationStatus(id))));
        for (String id : moved) {
            assertThat(checksumInA(id)).as("%s on site-c after the failover", id).isEqualTo(sums.get(id));
        }
        a("3.0").body("{\"os-attach\": {\"instance_uuid\": \"" + UUID.randomUUID() + "\", \"mountpoint\": \"/dev/vdb\"}}")
                .post("/volumes/" + attached + "/action").then().statusCode(202);
        await().atMost(MOVE).until(() -> "in-use".equals(VolumeSliceIT.status(attached)));

        // Refused exports: nothing written, the volumes stay as they are.
        int exportsBefore = exports().size();
        Map<String, String> shownBefore = shown(List.of(encrypted, attached, notFailedOver));
        assertThat(exportRefused("volume", encrypted, true, 400)).contains(encrypted).contains("encrypted");
        assertThat(exportRefused("volume", attached, true, 409)).contains("acknowledge_attached");
        assertThat(exportRefused("volume", notFailedOver, false, 409)).contains(notFailedOver)
                .contains("replication_status is enabled");
        assertThat(exports()).hasSize(exportsBefore);
        assertThat(shown(List.of(encrypted, attached, notFailedOver))).isEqualTo(shownBefore);

        // The export: the volumes, then the group, each with clear_existing.
        List<JsonNode> documents = new ArrayList<>(export("volume", volumes));
        documents.addAll(export("group", List.of(group)));
        assertThat(documents).extracting(d -> d.path("volume_id").asText()).containsExactlyInAnyOrderElementsOf(moved);
        for (JsonNode document : documents) {
            ReplicaDocument read = ReplicaDocuments.read(document);
            assertThat(ReplicaDocuments.intact(read)).as("digest of %s", read.volumeId()).isTrue();
            assertThat(read.replica().array()).isEqualTo("site-c");
            assertThat(ReplicaDocumentSchema.validate(document)).as("document %s", read.documentId()).isEmpty();
            assertThat(read.replication().failedOver()).isTrue();
            assertThat(read.encrypted()).isFalse();
        }
        assertThat(documents).filteredOn(d -> members.contains(d.path("volume_id").asText()))
                .allSatisfy(d -> assertThat(d.path("group").path("id").asText()).isEqualTo(group));

        // Cloud A has no records of them left: the API, and the replication-service's copy.
        await().atMost(MOVE).pollInterval(Duration.ofMillis(500)).until(() -> moved.stream()
                .allMatch(id -> a("3.0").get("/volumes/" + id).then().extract().statusCode() == 404));
        await().atMost(MOVE).until(() -> a(GROUPS).get("/groups/" + group).then().extract().statusCode() == 404);
        await().atMost(MOVE).until(() -> Failovers.count("select count(*) from replication.replicated_volume"
                + " where volume_id in (" + quoted(moved) + ")") == 0);

        // Refused imports in cloud B: all or nothing, nothing written in either cloud.
        String bType = typeInB();
        String bGroupType = replicatedGroupTypeInB();
        int volumesInB = volumesInB();
        JsonNode first = documents.get(0);
        assertThat(importRefused(List.of(tampered(first, d -> d.put("name", "altered"))), bType, bGroupType, 400))
                .contains("altered");
        assertThat(importRefused(List.of(resealed(first, d -> new ReplicaDocument(d.formatVersion(), d.documentId(),
                null, d.exportedAt(), d.source(), d.volumeId(), d.name(), d.description(), d.size(), d.metadata(),
                d.bootable(), d.multiattach(), d.encrypted(), d.volumeType(), d.group(), d.replication(),
                new ReplicaDocument.Replica("site-x", d.replica().backendId(), d.replica().providerLocation(),
                        d.replica().pool(), d.replica().sizeBytes(), d.replica().generation(),
                        d.replica().consistentAt())))), bType, bGroupType, 400))
                .contains("site-x");
        assertThat(importRefused(List.of(resealed(first, d -> new ReplicaDocument(d.formatVersion(), d.documentId(),
                null, d.exportedAt(), d.source(), d.volumeId(), d.name(), d.description(), d.size(), d.metadata(),
                d.bootable(), d.multiattach(), d.encrypted(), d.volumeType(), d.group(),
                new ReplicaDocument.Replication(d.replication().mode(), d.replication().rpoSeconds(),
                        d.replication().scope(), false), d.replica()))), bType, bGroupType, 409))
                .contains("has not failed over");
        assertThat(importRefused(List.of(resealed(first, d -> new ReplicaDocument(d.formatVersion(), d.documentId(),
                null, d.exportedAt(), d.source(), d.volumeId(), d.name(), d.description(), d.size(), d.metadata(),
                d.bootable(), d.multiattach(), true, d.volumeType(), d.group(), d.replication(), d.replica()))),
                bType, bGroupType, 400)).contains("encrypted");
        // One bad document refuses the whole request, the good ones with it.
        List<JsonNode> oneTampered = new ArrayList<>(documents);
        oneTampered.set(1, tampered(documents.get(1), d -> d.put("size", d.path("size").asInt() + 1)));
        importRefused(oneTampered, bType, bGroupType, 400);
        assertThat(volumesInB()).isEqualTo(volumesInB);
        for (String id : moved) {
            b.admin("3.0").get("/volumes/" + id).then().statusCode(404);
        }

        // The import: every volume available in cloud B under its id, on dr, the group re-created.
        JsonPath imported = importAll(documents, bType, bGroupType);
        assertThat(imported.getString("import.status")).isEqualTo("completed");
        assertThat(imported.getInt("import.total")).isEqualTo(moved.size());
        assertThat(imported.getList("import.volumes.status", String.class)).containsOnly("imported");
        assertThat(imported.getList("import.volumes.id", String.class)).containsExactlyInAnyOrderElementsOf(moved);
        for (String id : moved) {
            JsonPath volume = b.admin("3.0").get("/volumes/" + id).then().statusCode(200).extract().jsonPath();
            assertThat(volume.getString("volume.status")).isEqualTo("available");
            assertThat(volume.getString("volume.'os-vol-host-attr:host'")).startsWith("cloudb@dr#");
        }
        b.admin(GROUPS).get("/groups/" + group).then().statusCode(200);
        for (String id : members) {
            assertThat(b.admin("3.13").get("/volumes/" + id).then().extract().<String>path("volume.group_id"))
                    .isEqualTo(group);
        }

        // The bytes cloud A wrote, read through cloud B's data plane.
        for (String id : moved) {
            assertThat(checksumInB(id)).as("%s in cloud B", id).isEqualTo(sums.get(id));
            byte[][] blocks = written.get(id);
            for (int i = 0; i < OFFSETS.length; i++) {
                assertThat(b.volumeServiceAdmin().get("/v1/volumes/" + id + "/data?offset=" + OFFSETS[i] + "&length="
                        + blocks[i].length).then().statusCode(200).extract().asByteArray())
                        .as("block %d of %s in cloud B", i, id).isEqualTo(blocks[i]);
            }
        }

        // The same documents again: the same volumes, no duplicate.
        int afterImport = volumesInB();
        String again = importRefused(documents, bType, bGroupType, 409);
        assertThat(again).contains("was imported already as volume").containsAnyOf(moved.toArray(String[]::new));
        assertThat(volumesInB()).isEqualTo(afterImport);

        // Re-protection in cloud B: the returned site-b protects the imported volumes again, from dr (site-c), its
        // old copies overwritten (never the other way). They join a replicated group of cloud B (docs/cross-cloud.md:
        // the imported group's own enable_replication is not supported for imported volumes yet).
        Suite.get().arrays.start("site-b");
        String protectedGroup = b.admin(GROUPS).body("{\"group\": {\"name\": \"protected\", \"group_type\": \""
                        + bGroupType + "\", \"volume_types\": [\"" + bType + "\"]}}")
                .post("/groups").then().statusCode(202).extract().path("group.id");
        await().atMost(MOVE).until(() -> "available".equals(
                b.admin(GROUPS).get("/groups/" + protectedGroup).then().extract().path("group.status")));
        b.admin(GROUPS).body("{\"group\": {\"add_volumes\": \"" + String.join(",", volumes) + "\"}}")
                .put("/groups/" + protectedGroup).then().statusCode(202);
        await().atMost(MOVE).pollInterval(Duration.ofMillis(500)).until(() -> volumes.stream().allMatch(id ->
                "enabled".equals(b.admin("3.0").get("/volumes/" + id).then().extract()
                        .<String>path("volume.replication_status"))));
        for (String id : volumes) {
            assertThat(b.admin(Failovers.MICROVERSION).get("/volumes/" + id).then().extract()
                    .<String>path("volume.replication_target")).isEqualTo("site-b");
        }
    }

    // --- cloud A ----------------------------------------------------------------------------------------------------

    private static RequestSpecification a(String microversion) {
        return Failovers.admin(microversion);
    }

    /**
     * A type of capacity's volumes (the backend replicates every volume, async to site-c); with {@code encrypted} a
     * LUKS encryption spec too (Cinder's type encryption API). Its name.
     */
    private static String capacityType(boolean encrypted) {
        String name = (encrypted ? "encrypted-" : "capacity-") + UUID.randomUUID();
        String id = a("3.0").body("{\"volume_type\": {\"name\": \"" + name + "\", \"extra_specs\": {"
                        + "\"volume_backend_name\": \"capacity\"}}}")
                .post("/types").then().statusCode(200).extract().path("volume_type.id");
        if (encrypted) {
            a("3.0").body("{\"encryption\": {\"provider\": \"luks\", \"control_location\": \"front-end\","
                            + " \"cipher\": \"aes-xts-plain64\", \"key_size\": 256}}")
                    .post("/types/" + id + "/encryption").then().statusCode(200);
        }
        return name;
    }

    /** A type of fast's volumes replicated on their own, async to site-b. Its name. */
    private static String fastAsyncType() {
        String name = "fast-async-" + UUID.randomUUID();
        a("3.0").body("{\"volume_type\": {\"name\": \"" + name + "\", \"extra_specs\": {"
                        + "\"volume_backend_name\": \"fast\", \"replication_enabled\": \"<is> True\","
                        + " \"replication_scope\": \"volume\", \"replication_mode\": \"async\","
                        + " \"replication_rpo_seconds\": \"30\"}}}")
                .post("/types").then().statusCode(200);
        return name;
    }

    /**
     * A generic group of capacity's volumes (replicated with their backend, so the group type asks for no
     * replication of its own); its id once available.
     */
    private static String group(String name) {
        String groupType = a(GROUPS).body("{\"group_type\": {\"name\": \"gt-" + UUID.randomUUID() + "\"}}")
                .post("/group_types").then().statusCode(202).extract().path("group_type.id");
        String type = VolumeSliceIT.createType("capacity");
        String id = a(GROUPS).body("{\"group\": {\"name\": \"" + name + "\", \"group_type\": \"" + groupType
                        + "\", \"volume_types\": [\"" + type + "\"]}}")
                .post("/groups").then().statusCode(202).extract().path("group.id");
        await().atMost(MOVE).until(() -> "available".equals(
                a(GROUPS).get("/groups/" + id).then().extract().path("group.status")));
        GROUP_VOLUME_TYPES.put(id, type);
        return id;
    }

    private static String groupVolume(String group) {
        return a(GROUPS).body("{\"volume\": {\"size\": 1, \"volume_type\": \"" + GROUP_VOLUME_TYPES.get(group)
                        + "\", \"group_id\": \"" + group + "\"}}")
                .post("/volumes").then().statusCode(202).extract().path("volume.id");
    }

    /**
     * capacity failed over to site-c through the failover API, forced (its array is gone); waits until the operation
     * ends. It covers every capacity volume of the suite, other tests' too, so some may end in error: this test looks
     * at its own volumes' replication_status.
     */
    private static void failOverCapacity() {
        String operation = a(Failovers.MICROVERSION).body("{\"failover\": {\"scope\": \"backend\", \"resources\":"
                        + " [\"" + CAPACITY + "\"], \"target\": \"site-c\", \"force\": true,"
                        + " \"reason\": \"two-cloud drill: site-b lost\"}}")
                .post("/replication/failover").then().statusCode(202).extract().path("operation.id");
        awaitEnded(operation);
    }

    private static void awaitEnded(String operation) {
        await().atMost(FAILOVER).pollInterval(Duration.ofMillis(500)).until(() -> !List.of("pending", "running")
                .contains(a(Failovers.MICROVERSION).get("/replication/operations/" + operation).then().statusCode(200)
                        .extract().<String>path("operation.state")));
    }

    private static byte[][] write(String id, Random random) {
        byte[][] blocks = new byte[OFFSETS.length][];
        for (int i = 0; i < OFFSETS.length; i++) {
            blocks[i] = new byte[64 * 1024 + i];
            random.nextBytes(blocks[i]);
            Failovers.volumeServiceAdmin().contentType(ContentType.BINARY).body(blocks[i])
                    .put("/v1/volumes/" + id + "/data?offset=" + OFFSETS[i]).then().statusCode(204);
        }
        return blocks;
    }

    private static String checksumInA(String id) {
        return Failovers.volumeServiceAdmin().get("/v1/volumes/" + id + "/checksum").then().statusCode(200).extract()
                .path("checksum.sha256");
    }

    /** The checksum of one side: the primary's, or what the replica on site-c holds so far. */
    private static String checksumInA(String id, String side) {
        return Failovers.volumeServiceAdmin().get("/v1/volumes/" + id + "/checksum?side=" + side).then()
                .statusCode(200).extract().path("checksum.sha256");
    }

    private static String replicationStatus(String id) {
        return a(Failovers.MICROVERSION).get("/volumes/" + id).then().statusCode(200).extract()
                .path("volume.replication_status");
    }

    /** Status, attach status and replication status of each volume, to see that a refusal changed none. */
    private static Map<String, String> shown(List<String> ids) {
        return ids.stream().collect(Collectors.toMap(id -> id, id -> {
            JsonPath volume = a(Failovers.MICROVERSION).get("/volumes/" + id).then().statusCode(200).extract().jsonPath();
            return volume.getString("volume.status") + "|" + volume.getString("volume.attach_status") + "|"
                    + volume.getString("volume.replication_status");
        }, (x, y) -> x, LinkedHashMap::new));
    }

    private static List<Object> exports() {
        return a(CROSS_CLOUD).get("/replication/exports").then().statusCode(200).extract().jsonPath().getList("exports");
    }

    private static String exportBody(String scope, List<String> resources, boolean clearExisting) {
        return "{\"export\": {\"scope\": \"" + scope + "\", \"resources\": [" + quotedJson(resources)
                + "], \"clear_existing\": " + clearExisting + ", \"acknowledge_attached\": false}}";
    }

    /** The refusal's message (Cinder's error format: the one member's {@code message}). */
    private static String exportRefused(String scope, String resource, boolean clearExisting, int status) {
        Response response = a(CROSS_CLOUD).body(exportBody(scope, List.of(resource), clearExisting))
                .post("/replication/export");
        assertThat(response.statusCode()).as("export of %s: %s", resource, response.asString()).isEqualTo(status);
        return message(response);
    }

    /** Exports with clear_existing and returns the documents once the export completed. */
    private static List<JsonNode> export(String scope, List<String> resources) throws Exception {
        String id = a(CROSS_CLOUD).body(exportBody(scope, resources, true)).post("/replication/export").then()
                .statusCode(202).extract().path("export.id");
        await().atMost(MOVE).pollInterval(Duration.ofMillis(250)).until(() -> !"running".equals(
                a(CROSS_CLOUD).get("/replication/exports/" + id).then().extract().path("export.status")));
        String body = a(CROSS_CLOUD).get("/replication/exports/" + id).then().statusCode(200).extract().asString();
        JsonNode export = JSON.readTree(body).path("export");
        assertThat(export.path("status").asText()).as("export %s: %s", id, body).isEqualTo("completed");
        assertThat(export.path("done").asInt()).isEqualTo(export.path("total").asInt());
        assertThat(export.path("failed").asInt()).isZero();
        List<JsonNode> documents = new ArrayList<>();
        export.path("documents").forEach(documents::add);
        return documents;
    }

    // --- cloud B ----------------------------------------------------------------------------------------------------

    /** A type of cloud B's backend dr, for documents whose type names do not exist there. */
    private static String typeInB() {
        String name = "dr-" + UUID.randomUUID();
        String id = CloudB.get().admin("3.0").body("{\"volume_type\": {\"name\": \"" + name + "\"}}").post("/types")
                .then().statusCode(200).extract().path("volume_type.id");
        CloudB.get().admin("3.0").body("{\"extra_specs\": {\"volume_backend_name\": \"dr\"}}")
                .post("/types/" + id + "/extra_specs").then().statusCode(200);
        return name;
    }

    /** A group type replicating as a group, async (dr's target site-b offers async only). */
    private static String replicatedGroupTypeInB() {
        String name = "dr-group-" + UUID.randomUUID();
        CloudB.get().admin(GROUPS).body("{\"group_type\": {\"name\": \"" + name + "\", \"group_specs\": {"
                        + "\"consistent_group_replication_enabled\": \"<is> True\", \"replication_mode\": \"async\"}}}")
                .post("/group_types").then().statusCode(202);
        return name;
    }

    private static String importBody(List<JsonNode> documents, String volumeType, String groupType) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode request = body.putObject("import_replica");
        ArrayNode list = request.putArray("documents");
        documents.forEach(list::add);
        request.put("volume_type", volumeType);
        request.put("group_type", groupType);
        return body.toString();
    }

    private static String importRefused(List<JsonNode> documents, String volumeType, String groupType, int status) {
        Response response = CloudB.get().admin(CROSS_CLOUD).body(importBody(documents, volumeType, groupType))
                .post("/volumes/import-replica");
        assertThat(response.statusCode()).as("import: %s", response.asString()).isEqualTo(status);
        return message(response);
    }

    private static JsonPath importAll(List<JsonNode> documents, String volumeType, String groupType) {
        CloudB b = CloudB.get();
        String id = b.admin(CROSS_CLOUD).body(importBody(documents, volumeType, groupType))
                .post("/volumes/import-replica").then().statusCode(202).extract().path("import.id");
        await().atMost(MOVE).pollInterval(Duration.ofMillis(250)).until(() -> !"running".equals(
                b.admin(CROSS_CLOUD).get("/replication/imports/" + id).then().extract().path("import.status")));
        return b.admin(CROSS_CLOUD).get("/replication/imports/" + id).then().statusCode(200).extract().jsonPath();
    }

    private static int volumesInB() {
        return CloudB.get().admin("3.0").get("/volumes").then().statusCode(200).extract().jsonPath()
                .getList("volumes").size();
    }

    private static String checksumInB(String id) {
        return CloudB.get().volumeServiceAdmin().get("/v1/volumes/" + id + "/checksum").then().statusCode(200)
                .extract().path("checksum.sha256");
    }

    // --- documents --------------------------------------------------------------------------------------------------

    /** A field changed after the export, the digest left as it was. */
    private static JsonNode tampered(JsonNode document, UnaryOperator<ObjectNode> change) {
        return change.apply(document.deepCopy());
    }

    /** A document changed and sealed again: intact, so the import's other checks are what refuse it. */
    private static JsonNode resealed(JsonNode document, UnaryOperator<ReplicaDocument> change) {
        return ReplicaDocuments.toJson(ReplicaDocuments.sealed(change.apply(ReplicaDocuments.read(document))));
    }

    private static String message(Response response) {
        try {
            JsonNode body = JSON.readTree(response.asString());
            return body.elements().hasNext() ? body.elements().next().path("message").asText() : "";
        } catch (Exception e) {
            throw new AssertionError("not Cinder's error format: " + response.asString(), e);
        }
    }

    private static String quotedJson(List<String> ids) {
        return ids.stream().map(id -> "\"" + id + "\"").collect(Collectors.joining(", "));
    }

    private static String quoted(List<String> ids) {
        return ids.stream().map(id -> "'" + id + "'").collect(Collectors.joining(", "));
    }
}
