package org.replication.v3.testinfra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The helper finds the schema from a module's directory and reports each violation (common tests the schema). */
class ReplicaDocumentSchemaTest {

    private static final Path SAMPLE = Path.of("../common/src/test/resources/events/volume.replicas-exported.v1.json");

    @Test
    void anExportedDocumentConformsAndAnEditedOneIsReportedWhereItIsWrong() throws Exception {
        ObjectNode document = (ObjectNode) new ObjectMapper().readTree(SAMPLE.toFile())
                .at("/data/results/0/document");
        assertThat(ReplicaDocumentSchema.validate(document)).isEmpty();

        document.put("digest", "sha256:tampered");
        document.put("owner", "someone");
        assertThat(ReplicaDocumentSchema.validate(document)).hasSize(2)
                .anySatisfy(error -> assertThat(error).contains("digest"))
                .anySatisfy(error -> assertThat(error).contains("owner"));
    }
}
