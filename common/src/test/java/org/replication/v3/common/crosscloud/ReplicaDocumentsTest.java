package org.replication.v3.common.crosscloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.replication.v3.common.replication.ReplicationMode;
import org.replication.v3.common.replication.ReplicationScope;

class ReplicaDocumentsTest {

    private static final ReplicaDocument DOCUMENT = ReplicaDocuments.sealed(new ReplicaDocument(
            ReplicaDocuments.FORMAT_VERSION, "doc-1", null, Instant.parse("2026-12-05T08:00:00.123456789Z"),
            new ReplicaDocument.Source("p", "node1@fast#pool-b"), "vol-1", "db", null, 1,
            Map.of("b", "2", "a", "1"), false, false, false,
            new ReplicaDocument.VolumeType("gold", Map.of("volume_backend_name", "fast")), null,
            new ReplicaDocument.Replication(ReplicationMode.ASYNC, 60, ReplicationScope.VOLUME, true),
            new ReplicaDocument.Replica("site-b", "site-b", "site-b:pool-b/volume-vol-1", "pool-b", 1L << 30, 3,
                    Instant.parse("2026-12-05T07:59:58Z"))));

    private final ObjectMapper plain = new ObjectMapper();

    @Test
    void aDocumentReadBackFromItsJsonIsIntactHoweverTheJsonIsLaidOut() throws Exception {
        ObjectNode json = (ObjectNode) ReplicaDocuments.toJson(DOCUMENT);
        // Another cloud's JSON library may reorder fields and map keys: the digest is over the canonical form.
        ObjectNode reordered = plain.createObjectNode();
        java.util.List<Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>> fields =
                new java.util.ArrayList<>(json.properties());
        java.util.Collections.reverse(fields);
        fields.forEach(e -> reordered.set(e.getKey(), e.getValue()));
        ReplicaDocument read = ReplicaDocuments.read(plain.readTree(plain.writeValueAsString(reordered)));

        assertThat(read).isEqualTo(DOCUMENT);
        assertThat(ReplicaDocuments.intact(read)).isTrue();
        assertThat(DOCUMENT.digest()).startsWith("sha256:").hasSize("sha256:".length() + 64);
    }

    @Test
    void anEditedFieldNoLongerMatchesTheDigest() {
        ObjectNode json = (ObjectNode) ReplicaDocuments.toJson(DOCUMENT);
        json.put("size", 2);
        assertThat(ReplicaDocuments.intact(ReplicaDocuments.read(json))).isFalse();

        ObjectNode replica = (ObjectNode) ReplicaDocuments.toJson(DOCUMENT);
        ((ObjectNode) replica.get("replica")).put("generation", 4);
        assertThat(ReplicaDocuments.intact(ReplicaDocuments.read(replica))).isFalse();
    }

    @Test
    void aFieldTheFormatDoesNotHaveIsRefusedWithItsName() {
        ObjectNode json = (ObjectNode) ReplicaDocuments.toJson(DOCUMENT);
        json.put("encryption_key_id", "k-1");
        assertThatThrownBy(() -> ReplicaDocuments.read(json)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("encryption_key_id");
        assertThatThrownBy(() -> ReplicaDocuments.read(plain.createArrayNode()))
                .hasMessageContaining("JSON object");
    }
}
