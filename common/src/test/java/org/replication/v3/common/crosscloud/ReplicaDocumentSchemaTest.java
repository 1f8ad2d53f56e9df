package org.replication.v3.common.crosscloud;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.replication.v3.common.replication.ReplicationMode;
import org.replication.v3.common.replication.ReplicationScope;

/**
 * The documents {@link ReplicaDocuments#toJson} writes conform to the JSON Schema that docs/cross-cloud.md links
 * ({@code docs/cross-cloud/replica-document.schema.json}), checked with a real draft 2020-12 validator, and the
 * schema refuses what an importer refuses. A change to {@link ReplicaDocument} that the schema does not follow
 * fails here. (test-infra's {@code ReplicaDocumentSchema} gives the system tests the same check on live exports.)
 */
class ReplicaDocumentSchemaTest {

    private static final Path SCHEMA = Path.of("../docs/cross-cloud/replica-document.schema.json");
    private static final Path DOCS = Path.of("../docs/cross-cloud.md");
    private static final String VOLUME = "6f1c2a9e-3b7d-4c1e-9a5f-2d8e7b6c4a10";

    private static final ReplicaDocument EVERY_FIELD = ReplicaDocuments.sealed(new ReplicaDocument(
            ReplicaDocuments.FORMAT_VERSION, "7c2d9e4f-1a3b-4c5d-8e6f-0a1b2c3d4e5f", null,
            Instant.parse("2026-12-05T08:00:00.123456789Z"),
            new ReplicaDocument.Source("8a5e0c3f2b1d4e6f9a7b8c9d0e1f2a3b", "node1@fast#pool-b"), VOLUME, "db-1",
            "orders database", 10, Map.of("app", "orders", "tier", "1"), true, true, false,
            new ReplicaDocument.VolumeType("replicated-gold", Map.of("volume_backend_name", "fast",
                    "replication_enabled", "<is> True", "replication_mode", "async",
                    "replication_rpo_seconds", "300")),
            new ReplicaDocument.Group("0d9c8b7a-6e5f-4d3c-2b1a-0f9e8d7c6b5a", "orders", "replicated-group",
                    Map.of("consistent_group_replication_enabled", "<is> True")),
            new ReplicaDocument.Replication(ReplicationMode.ASYNC, 300, ReplicationScope.POOL, true),
            new ReplicaDocument.Replica("site-b", "site-b", "site-b:pool-b/volume-" + VOLUME, "pool-b", 10L << 30, 5,
                    Instant.parse("2026-12-05T07:59:58Z"))));

    /** Every field the record allows to be null is null (sync: no RPO), the maps empty. */
    private static final ReplicaDocument NULLS = ReplicaDocuments.sealed(new ReplicaDocument(
            ReplicaDocuments.FORMAT_VERSION, "11111111-2222-3333-4444-555555555555", null,
            Instant.parse("2026-12-05T08:00:00Z"), new ReplicaDocument.Source("p", "node1@fast#pool-b"), VOLUME, null,
            null, 1, null, false, false, false, new ReplicaDocument.VolumeType("__DEFAULT__", null), null,
            new ReplicaDocument.Replication(ReplicationMode.SYNC, null, ReplicationScope.VOLUME, true),
            new ReplicaDocument.Replica("site-b", "site-b", "site-b:pool-b/volume-" + VOLUME, "pool-b", 1L << 30, 0,
                    Instant.parse("2026-12-05T08:00:00Z"))));

    private static JsonSchema schema;
    private final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void loadSchema() throws Exception {
        schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(
                new ObjectMapper().readTree(SCHEMA.toFile()),
                SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build());
    }

    @Test
    void aSealedDocumentWithEveryFieldSetConforms() {
        assertThat(errors(ReplicaDocuments.toJson(EVERY_FIELD))).isEmpty();
        // The text an export stores and prints is the same document.
        assertThat(errors(ReplicaDocuments.toJson(ReplicaDocuments.parse(ReplicaDocuments.write(EVERY_FIELD)))))
                .isEmpty();
    }

    @Test
    void aDocumentWithItsNullableFieldsNullConforms() {
        JsonNode document = ReplicaDocuments.toJson(NULLS);
        assertThat(document.get("name").isNull()).isTrue();
        assertThat(document.get("group").isNull()).isTrue();
        assertThat(errors(document)).isEmpty();

        ReplicaDocument unnamedGroup = ReplicaDocuments.sealed(new ReplicaDocument(NULLS.formatVersion(),
                NULLS.documentId(), null, NULLS.exportedAt(), NULLS.source(), NULLS.volumeId(), null, null, 1,
                Map.of(), false, false, false, NULLS.volumeType(),
                new ReplicaDocument.Group("0d9c8b7a-6e5f-4d3c-2b1a-0f9e8d7c6b5a", null, "replicated-group", null),
                new ReplicaDocument.Replication(ReplicationMode.SYNC, null, ReplicationScope.GROUP, true),
                NULLS.replica()));
        assertThat(errors(ReplicaDocuments.toJson(unnamedGroup))).isEmpty();
    }

    @Test
    void theGoldenEventSamplesDocumentConforms() throws Exception {
        JsonNode sample = json.readTree(Path.of("src/test/resources/events/volume.replicas-exported.v1.json")
                .toFile());
        assertThat(errors(sample.at("/data/results/0/document"))).isEmpty();
    }

    /** The sample an operator reads in docs/cross-cloud.md is a document this build would import. */
    @Test
    void theSampleInTheDocsConformsAndIsIntact() throws Exception {
        String page = Files.readString(DOCS);
        int start = page.indexOf("```json\n{\n  \"format_version\"");
        assertThat(start).as("the sample document in " + DOCS).isNotNegative();
        String sample = page.substring(start + "```json\n".length(), page.indexOf("```", start + 3));
        JsonNode document = json.readTree(sample);
        assertThat(errors(document)).isEmpty();
        assertThat(ReplicaDocuments.intact(ReplicaDocuments.read(document))).isTrue();
    }

    @Test
    void aFieldTheFormatDoesNotHaveIsRefusedAtAnyDepth() {
        assertThat(errorsAfter(document -> document.put("encryption_key_id", "k-1")))
                .anySatisfy(error -> assertThat(error).contains("encryption_key_id"));
        assertThat(errorsAfter(document -> ((ObjectNode) document.get("replica")).put("fenced", false)))
                .anySatisfy(error -> assertThat(error).contains("fenced"));
        assertThat(errorsAfter(document -> ((ObjectNode) document.get("group")).put("project_id", "p")))
                .anySatisfy(error -> assertThat(error).contains("project_id"));
    }

    @Test
    void aDigestNotInTheSha256FormIsRefused() {
        assertThat(errorsAfter(document -> document.put("digest", EVERY_FIELD.digest().toUpperCase())))
                .anySatisfy(error -> assertThat(error).contains("digest"));
        assertThat(errorsAfter(document -> document.put("digest", "md5:" + "0".repeat(32))))
                .anySatisfy(error -> assertThat(error).contains("digest"));
        assertThat(errorsAfter(document -> document.putNull("digest")))
                .anySatisfy(error -> assertThat(error).contains("digest"));
    }

    @Test
    void whatAnImporterRefusesTheSchemaRefusesToo() {
        assertThat(errorsAfter(document -> document.put("format_version", 2))).isNotEmpty();
        assertThat(errorsAfter(document -> document.put("encrypted", true)))
                .anySatisfy(error -> assertThat(error).contains("encrypted"));
        assertThat(errorsAfter(document -> ((ObjectNode) document.get("replication")).put("failed_over", false)))
                .anySatisfy(error -> assertThat(error).contains("failed_over"));
        assertThat(errorsAfter(document -> ((ObjectNode) document.get("replication")).put("mode", "semi-sync")))
                .anySatisfy(error -> assertThat(error).contains("mode"));
        assertThat(errorsAfter(document -> ((ObjectNode) document.get("replication")).put("scope", "cluster")))
                .anySatisfy(error -> assertThat(error).contains("scope"));
        assertThat(errorsAfter(document -> document.remove("replica")))
                .anySatisfy(error -> assertThat(error).contains("replica"));
    }

    @Test
    void formatsAreAssertedNotOnlyAnnotated() {
        assertThat(errorsAfter(document -> document.put("document_id", "doc-1")))
                .anySatisfy(error -> assertThat(error).contains("document_id"));
        assertThat(errorsAfter(document -> document.put("exported_at", "yesterday")))
                .anySatisfy(error -> assertThat(error).contains("exported_at"));
        assertThat(errorsAfter(document -> ((ObjectNode) document.get("source")).put("host", "node1")))
                .anySatisfy(error -> assertThat(error).contains("host"));
        assertThat(errorsAfter(document -> ((ObjectNode) document.get("metadata")).put("tier", 1)))
                .anySatisfy(error -> assertThat(error).contains("tier"));
    }

    @Test
    void aSyncDocumentHasNoRpoAndAnAsyncOneHasOne() {
        assertThat(errorsAfter(document -> ((ObjectNode) document.get("replication")).put("mode", "sync")))
                .anySatisfy(error -> assertThat(error).contains("rpo_seconds"));
        assertThat(errorsAfter(document -> ((ObjectNode) document.get("replication")).putNull("rpo_seconds")))
                .anySatisfy(error -> assertThat(error).contains("rpo_seconds"));
    }

    /** The every-field document's JSON changed by {@code edit}, then validated. */
    private List<String> errorsAfter(Consumer<ObjectNode> edit) {
        ObjectNode document = (ObjectNode) ReplicaDocuments.toJson(EVERY_FIELD);
        edit.accept(document);
        return errors(document);
    }

    private static List<String> errors(JsonNode document) {
        return schema.validate(document).stream().map(ValidationMessage::getMessage).toList();
    }
}
