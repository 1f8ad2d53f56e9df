package org.replication.v3.testinfra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The cross-cloud replica document's JSON Schema ({@code docs/cross-cloud/replica-document.schema.json}), for tests
 * that check what a running export returned: the two-cloud system test validates each live document with it.
 * The schema is read from the repository (not a copy on the classpath), so a test checks the file the docs link.
 * It is found under the system property {@code suite.root} (the system tests set it to the project root), else in
 * the working directory or the nearest parent that has it (a module's tests run in the module's directory).
 */
public final class ReplicaDocumentSchema {

    /** Where the schema lives, relative to the project root. */
    public static final Path FILE = Path.of("docs", "cross-cloud", "replica-document.schema.json");

    private static JsonSchema schema;

    private ReplicaDocumentSchema() {
    }

    /**
     * The document's violations of the schema, one line each naming where and what (empty: it conforms). Formats
     * ({@code uuid}, {@code date-time}) are asserted, not only annotated as draft 2020-12 would by default.
     */
    public static List<String> validate(JsonNode document) {
        return schema().validate(document).stream().map(ValidationMessage::getMessage).sorted().toList();
    }

    private static synchronized JsonSchema schema() {
        if (schema == null) {
            Path file = locate();
            try {
                JsonNode json = new ObjectMapper().readTree(file.toFile());
                schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(json,
                        SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build());
            } catch (IOException e) {
                throw new UncheckedIOException("the replica document schema " + file + " cannot be read", e);
            }
        }
        return schema;
    }

    private static Path locate() {
        String root = System.getProperty("suite.root");
        if (root != null && Files.isRegularFile(Path.of(root).resolve(FILE))) {
            return Path.of(root).resolve(FILE);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(FILE))) {
                return dir.resolve(FILE);
            }
        }
        throw new IllegalStateException("no " + FILE + " under suite.root (" + root + ") nor in "
                + Path.of("").toAbsolutePath() + " or a parent of it");
    }
}
