package org.replication.v3.deploy.helm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/**
 * The operators' custom resource schemas, from the CustomResourceDefinitions vendored in src/test/resources/crds
 * (their README says which release each comes from). The API server prunes a field its schema does not declare,
 * silently: here every object schema that declares its properties and does not keep unknown fields refuses others, so
 * a misspelt field fails the test instead of vanishing on the cluster.
 */
final class CrdSchemas {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Path CRDS = Path.of("src/test/resources/crds");

    /** apiVersion + "/" + kind -> schema. */
    private final Map<String, JsonSchema> schemas = new HashMap<>();

    CrdSchemas() {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4);
        try (Stream<Path> files = Files.list(CRDS)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".yaml")).sorted().toList()) {
                JsonNode crd = YAML.readTree(file.toFile());
                String group = crd.at("/spec/group").asText();
                String kind = crd.at("/spec/names/kind").asText();
                for (JsonNode version : crd.at("/spec/versions")) {
                    if (!version.path("served").asBoolean()) {
                        continue;
                    }
                    JsonNode schema = version.at("/schema/openAPIV3Schema").deepCopy();
                    strict(schema);
                    schemas.put(group + "/" + version.path("name").asText() + "/" + kind, factory.getSchema(schema));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean knows(JsonNode object) {
        return schemas.containsKey(key(object));
    }

    /** The object's schema violations, none when it validates. */
    List<String> validate(JsonNode object) {
        JsonSchema schema = schemas.get(key(object));
        if (schema == null) {
            return List.of("no vendored CRD schema for " + key(object));
        }
        return schema.validate(object).stream().map(ValidationMessage::getMessage).toList();
    }

    private static String key(JsonNode object) {
        return object.path("apiVersion").asText() + "/" + object.path("kind").asText();
    }

    /** Closes every object schema that lists its properties, as the API server's pruning does in effect. */
    private static void strict(JsonNode schema) {
        if (!(schema instanceof ObjectNode object)) {
            return;
        }
        if (object.has("properties") && !object.has("additionalProperties")
                && !object.path("x-kubernetes-preserve-unknown-fields").asBoolean()) {
            object.put("additionalProperties", false);
        }
        // The API server's own keywords (list types, CEL rules) and examples: nothing a JSON Schema validator checks.
        object.properties().removeIf(entry -> entry.getKey().startsWith("x-kubernetes-") || entry.getKey().equals("example"));
        object.path("properties").forEach(CrdSchemas::strict);
        strict(object.get("items"));
        strict(object.get("additionalProperties"));
        strict(object.get("not"));
        for (String combinator : List.of("allOf", "anyOf", "oneOf")) {
            object.path(combinator).forEach(CrdSchemas::strict);
        }
    }
}
