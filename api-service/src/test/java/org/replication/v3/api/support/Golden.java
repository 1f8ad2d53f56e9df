package org.replication.v3.api.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Compares our bodies with the ones real Cinder gave (src/test/resources/golden, copied from the reference
 * captures): the same field names in the same places, with values of the same JSON types. A null on either side
 * matches any type, since which fields are null depends on the volume's state, not on the shape.
 */
public final class Golden {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Golden() {
    }

    public static JsonNode load(String name) {
        try (InputStream in = Golden.class.getResourceAsStream("/golden/" + name)) {
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode parse(String body) {
        try {
            return MAPPER.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void assertSameShape(JsonNode actual, String goldenName) {
        List<String> differences = new ArrayList<>();
        compare("", load(goldenName), actual, differences);
        assertThat(differences).as("shape differences from %s", goldenName).isEmpty();
    }

    /** The names of an object's fields in order, to compare with Cinder's field order. */
    public static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static void compare(String path, JsonNode expected, JsonNode actual, List<String> differences) {
        if (expected.isNull() || actual.isNull()) {
            return;
        }
        if (expected.getNodeType() != actual.getNodeType()) {
            differences.add(path + ": expected " + expected.getNodeType() + " but was " + actual.getNodeType());
            return;
        }
        if (expected.isObject()) {
            List<String> expectedNames = fieldNames(expected);
            List<String> actualNames = fieldNames(actual);
            if (!path.endsWith("metadata") && !path.endsWith("extra_specs") && !expectedNames.equals(actualNames)) {
                differences.add(path + ": fields " + actualNames + " instead of " + expectedNames);
            }
            Iterator<String> names = expected.fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                if (actual.has(name)) {
                    compare(path + "/" + name, expected.get(name), actual.get(name), differences);
                }
            }
        } else if (expected.isArray() && expected.size() > 0 && actual.size() > 0) {
            compare(path + "[0]", expected.get(0), actual.get(0), differences);
        }
    }
}
