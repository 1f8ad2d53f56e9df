package org.replication.v3.array.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Singleton;
import java.util.Collection;
import java.util.Map;

/**
 * Answers whose contract names every key, null included ({@code "error": null}): the application's mapper leaves
 * null values out (non_null inclusion), so these are built as JSON trees, which are written as they are.
 */
@Singleton
public class ExplicitJson {

    private final ObjectMapper json;

    public ExplicitJson(ObjectMapper json) {
        this.json = json;
    }

    public JsonNode tree(Object value) {
        if (value == null) {
            return json.nullNode();
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode node = json.createObjectNode();
            map.forEach((key, item) -> node.set(String.valueOf(key), tree(item)));
            return node;
        }
        if (value instanceof Collection<?> items) {
            ArrayNode node = json.createArrayNode();
            items.forEach(item -> node.add(tree(item)));
            return node;
        }
        return json.valueToTree(value);
    }
}
