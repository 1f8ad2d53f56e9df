package org.replication.v3.api.error;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.replication.v3.api.support.Api;
import org.replication.v3.api.support.Rows;
import org.replication.v3.api.support.VolumeFixtures;
import org.replication.v3.common.messaging.EventCodec;
import org.replication.v3.common.messaging.TopicNames;

/**
 * Every write endpoint, and each action, given generated bad requests: malformed and truncated JSON, wrong JSON types
 * and control characters in every field of a valid body, huge strings and numbers, unknown fields, no body, the wrong
 * content type, control characters in path parameters. Each must be refused with a 4xx in Cinder's fault shape
 * (the same code in the body as in the status) and change nothing: neither a row of the service's tables nor the
 * outbox (its sequence would move even for a rolled-back insert).
 */
@QuarkusTest
class GeneratedBadInputTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MICROVERSION = "3.71";
    /** Stands for a number no Java integer holds; JSON trees cannot carry it, so it is swapped in as text. */
    private static final String HUGE_NUMBER = "__huge_number__";
    private static final String HUGE_NUMBER_TEXT = "1" + "0".repeat(40);
    private static final String HUGE_STRING = "x".repeat(70_000);
    /** Tables a refused request must leave as they were (backends and services change with heartbeats only). */
    private static final List<String> TABLES = List.of("volume", "volume_type", "volume_type_access",
            "default_volume_type", "volume_attachment", "group_type", "volume_group", "user_message",
            "failover_operation", "failover_operation_result");

    /** Body keys whose object holds any keys the client chooses. */
    private static final List<String> FREE_MAPS = List.of("metadata", "meta", "extra_specs", "group_specs");

    /** Write endpoints with a body that would be accepted; {placeholders} are the fixture's resources. */
    private static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("POST", "/v3/{p}/volumes",
                    "{\"volume\": {\"size\": 1, \"name\": \"n\", \"description\": \"d\", \"volume_type\": \"{type}\","
                            + " \"availability_zone\": \"nova\", \"metadata\": {\"k\": \"v\"}}}"),
            new Endpoint("PUT", "/v3/{p}/volumes/{volume}",
                    "{\"volume\": {\"name\": \"n\", \"description\": \"d\", \"metadata\": {\"k\": \"v\"}}}"),
            new Endpoint("DELETE", "/v3/{p}/volumes/{volume}", null),
            new Endpoint("POST", "/v3/{p}/volumes/{volume}/metadata", "{\"metadata\": {\"k\": \"v\"}}"),
            new Endpoint("PUT", "/v3/{p}/volumes/{volume}/metadata", "{\"metadata\": {\"k\": \"v\"}}"),
            new Endpoint("PUT", "/v3/{p}/volumes/{volume}/metadata/k", "{\"meta\": {\"k\": \"v\"}}"),
            new Endpoint("DELETE", "/v3/{p}/volumes/{volume}/metadata/{key}", null),
            new Endpoint("POST", "/v3/{p}/volumes/{volume}/action", "{\"os-extend\": {\"new_size\": 2}}"),
            new Endpoint("POST", "/v3/{p}/volumes/{volume}/action", "{\"os-reset_status\": {\"status\": \"error\","
                    + " \"attach_status\": \"detached\", \"migration_status\": \"none\"}}"),
            new Endpoint("POST", "/v3/{p}/volumes/{volume}/action", "{\"os-attach\": {\"instance_uuid\": \""
                    + UUID.randomUUID() + "\", \"mountpoint\": \"/dev/vdb\", \"mode\": \"rw\"}}"),
            new Endpoint("POST", "/v3/{p}/volumes/{volume}/action", "{\"os-detach\": {\"attachment_id\": \""
                    + UUID.randomUUID() + "\"}}"),
            new Endpoint("POST", "/v3/{p}/types", "{\"volume_type\": {\"name\": \"n\", \"description\": \"d\","
                    + " \"os-volume-type-access:is_public\": true, \"extra_specs\": {\"k\": \"v\"}}}"),
            new Endpoint("PUT", "/v3/{p}/types/{type}",
                    "{\"volume_type\": {\"name\": \"n\", \"description\": \"d\", \"is_public\": true}}"),
            new Endpoint("DELETE", "/v3/{p}/types/{type}", null),
            new Endpoint("POST", "/v3/{p}/types/{type}/action", "{\"addProjectAccess\": {\"project\": \"q\"}}"),
            new Endpoint("POST", "/v3/{p}/types/{type}/action", "{\"removeProjectAccess\": {\"project\": \"q\"}}"),
            new Endpoint("POST", "/v3/{p}/types/{type}/extra_specs", "{\"extra_specs\": {\"k\": \"v\"}}"),
            new Endpoint("PUT", "/v3/{p}/types/{type}/extra_specs/k", "{\"k\": \"v\"}"),
            new Endpoint("DELETE", "/v3/{p}/types/{type}/extra_specs/{key}", null),
            new Endpoint("PUT", "/v3/default-types/{p}", "{\"default_type\": {\"volume_type\": \"{type}\"}}"),
            new Endpoint("DELETE", "/v3/default-types/{key}", null),
            new Endpoint("POST", "/v3/{p}/group_types", "{\"group_type\": {\"name\": \"n\", \"description\": \"d\","
                    + " \"is_public\": true, \"group_specs\": {\"k\": \"v\"}}}"),
            new Endpoint("PUT", "/v3/{p}/group_types/{group_type}",
                    "{\"group_type\": {\"name\": \"n\", \"description\": \"d\", \"is_public\": true}}"),
            new Endpoint("DELETE", "/v3/{p}/group_types/{group_type}", null),
            new Endpoint("POST", "/v3/{p}/group_types/{group_type}/group_specs", "{\"group_specs\": {\"k\": \"v\"}}"),
            new Endpoint("PUT", "/v3/{p}/group_types/{group_type}/group_specs/k", "{\"k\": \"v\"}"),
            new Endpoint("DELETE", "/v3/{p}/group_types/{group_type}/group_specs/{key}", null),
            new Endpoint("POST", "/v3/{p}/groups", "{\"group\": {\"name\": \"n\", \"description\": \"d\","
                    + " \"group_type\": \"{group_type}\", \"volume_types\": [\"{type}\"],"
                    + " \"availability_zone\": \"nova\"}}"),
            new Endpoint("PUT", "/v3/{p}/groups/{group}", "{\"group\": {\"name\": \"n\", \"description\": \"d\"}}"),
            new Endpoint("POST", "/v3/{p}/groups/{group}/action", "{\"delete\": {\"delete-volumes\": false}}"),
            new Endpoint("POST", "/v3/{p}/groups/{group}/action", "{\"reset_status\": {\"status\": \"error\"}}"),
            new Endpoint("POST", "/v3/{p}/groups/{group}/action",
                    "{\"failover_replication\": {\"allow_attached_volume\": false, \"secondary_backend_id\": \"b\"}}"),
            new Endpoint("POST", "/v3/{p}/attachments", "{\"attachment\": {\"volume_uuid\": \"{volume}\","
                    + " \"instance_uuid\": \"" + UUID.randomUUID() + "\", \"mode\": \"rw\","
                    + " \"connector\": {\"host\": \"h\", \"initiator\": \"i\"}}}"),
            new Endpoint("PUT", "/v3/{p}/attachments/{attachment}",
                    "{\"attachment\": {\"connector\": {\"host\": \"h\", \"initiator\": \"i\"}}}"),
            new Endpoint("DELETE", "/v3/{p}/attachments/{attachment}", null),
            new Endpoint("POST", "/v3/{p}/attachments/{attachment}/action", "{\"os-complete\": null}"),
            new Endpoint("DELETE", "/v3/{p}/messages/{key}", null),
            new Endpoint("PUT", "/v3/{p}/os-services/disable", "{\"host\": \"h\", \"binary\": \"cinder-volume\"}"),
            new Endpoint("PUT", "/v3/{p}/os-services/disable-log-reason",
                    "{\"host\": \"h\", \"binary\": \"cinder-volume\", \"disabled_reason\": \"r\"}"),
            new Endpoint("PUT", "/v3/{p}/os-services/failover_host", "{\"host\": \"h\", \"backend_id\": \"b\"}"),
            new Endpoint("POST", "/v3/{p}/replication/failover", "{\"failover\": {\"scope\": \"volume\","
                    + " \"resources\": [\"{volume}\"], \"target\": \"site-b\", \"force\": false,"
                    + " \"reason\": \"r\", \"dry_run\": false}}"),
            new Endpoint("POST", "/v3/{p}/replication/failback", "{\"failback\": {\"scope\": \"volume\","
                    + " \"resources\": [\"{volume}\"], \"changes\": \"keep\"}}"),
            new Endpoint("POST", "/v3/{p}/replication/reprotect", "{\"reprotect\": {\"scope\": \"volume\","
                    + " \"resources\": [\"{volume}\"]}}"));

    /** The resources every case points at, made once; they live in a project no other test uses. */
    private static Map<String, String> fixture;

    @Inject
    Rows rows;
    @Inject
    EventCodec codec;
    @Inject
    TopicNames topics;

    record Endpoint(String method, String path, String body) {
    }

    /** One bad request: {@code body} null sends none; placeholders are filled in when it is sent. */
    record Case(Endpoint endpoint, String name, String path, String contentType, String body) {
        @Override
        public String toString() {
            return endpoint.method + " " + endpoint.path + " " + name;
        }
    }

    static Stream<Case> cases() {
        List<Case> cases = new ArrayList<>();
        for (Endpoint endpoint : ENDPOINTS) {
            cases.add(new Case(endpoint, "NUL in a path segment", nulInPath(endpoint.path), "application/json",
                    endpoint.body));
            if (endpoint.body == null) {
                continue;
            }
            String body = endpoint.body;
            cases.add(new Case(endpoint, "malformed JSON", endpoint.path, "application/json", "{\"" + body));
            cases.add(new Case(endpoint, "truncated JSON", endpoint.path, "application/json",
                    body.substring(0, body.length() / 2)));
            cases.add(new Case(endpoint, "trailing garbage", endpoint.path, "application/json", body + " ]"));
            cases.add(new Case(endpoint, "no body", endpoint.path, "application/json", null));
            cases.add(new Case(endpoint, "JSON null", endpoint.path, "application/json", "null"));
            cases.add(new Case(endpoint, "JSON array", endpoint.path, "application/json", "[" + body + "]"));
            cases.add(new Case(endpoint, "JSON string", endpoint.path, "application/json", "\"text\""));
            cases.add(new Case(endpoint, "wrong content type", endpoint.path, "text/plain", body));
            cases.add(new Case(endpoint, "unknown top-level field", endpoint.path, "application/json",
                    mutate(body, "", tree -> withField(tree, "bogus_field", "x"))));
            cases.add(new Case(endpoint, "NUL in a key", endpoint.path, "application/json",
                    mutate(body, "", tree -> withField(tree, "a\u0000b", "x"))));
            for (String leaf : leaves(body)) {
                for (Map.Entry<String, JsonNode> wrong : wrongValues(leaf, body).entrySet()) {
                    if (leaf.contains(".connector.") && !wrong.getKey().startsWith("a string")) {
                        continue; // a connector's content is free, as in Cinder: any JSON type is accepted
                    }
                    cases.add(new Case(endpoint, leaf + " = " + wrong.getKey(), endpoint.path, "application/json",
                            mutate(body, leaf, node -> wrong.getValue())));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isRefusedInCindersFormatAndChangesNothing(Case bad) {
        Map<String, String> ids = fixture();
        String before = state();

        // Paths are sent as written, so that %00 reaches the server as a NUL and not as the text "%00".
        RequestSpecification request = Api.at(Api.admin(ids.get("p")), MICROVERSION).urlEncodingEnabled(false)
                .contentType(bad.contentType);
        if (bad.body != null) {
            request.body(fill(bad.body, ids).replace("\"" + HUGE_NUMBER + "\"", HUGE_NUMBER_TEXT));
        }
        Response response = request.request(bad.endpoint.method, fill(bad.path, ids));

        int status = response.statusCode();
        assertThat(status).as("status of %s, body %s", bad, response.asString()).isBetween(400, 499);
        JsonNode body = parse(response.asString());
        assertThat(body.size()).as("fault body %s", body).isEqualTo(1);
        JsonNode fault = body.elements().next();
        assertThat(fault.path("code").asInt()).as("fault body %s", body).isEqualTo(status);
        assertThat(fault.path("message").isTextual()).as("fault body %s", body).isTrue();
        assertThat(state()).as("tables and outbox after %s", bad).isEqualTo(before);
    }

    /** A digest of every row of the tables requests write, and the outbox's sequence. */
    private String state() {
        StringBuilder digest = new StringBuilder();
        for (String table : TABLES) {
            digest.append(table).append('=').append(rows.one("select md5(coalesce(string_agg(t::text, '|'"
                    + " order by t::text), '')) from " + table + " t").getString(0)).append(' ');
        }
        return digest.append("outbox=").append(rows.one("select last_value from outbox_message_seq_seq").getLong(0))
                .toString();
    }

    private synchronized Map<String, String> fixture() {
        if (fixture == null) {
            String project = Api.newProject();
            String volume = VolumeFixtures.available(codec, topics, project);
            String attached = VolumeFixtures.available(codec, topics, project);
            String type = created(Api.admin(project), "/v3/" + project + "/types",
                    "{\"volume_type\": {\"name\": \"gen-" + UUID.randomUUID() + "\", \"extra_specs\": {\"k\": \"v\"}}}",
                    200, "volume_type.id");
            String groupType = created(Api.at(Api.admin(project), MICROVERSION), "/v3/" + project + "/group_types",
                    "{\"group_type\": {\"name\": \"gen-" + UUID.randomUUID() + "\", \"group_specs\": {\"k\": \"v\"}}}",
                    202, "group_type.id");
            String group = created(Api.at(Api.admin(project), MICROVERSION), "/v3/" + project + "/groups",
                    "{\"group\": {\"group_type\": \"" + groupType + "\", \"volume_types\": [\"" + type + "\"]}}",
                    202, "group.id");
            String attachment = created(Api.at(Api.admin(project), MICROVERSION), "/v3/" + project + "/attachments",
                    "{\"attachment\": {\"volume_uuid\": \"" + attached + "\"}}", 200, "attachment.id");
            fixture = Map.of("p", project, "volume", volume, "type", type, "group_type", groupType, "group", group,
                    "attachment", attachment, "key", "k");
        }
        return fixture;
    }

    private static String created(RequestSpecification request, String path, String body, int status, String id) {
        return request.contentType("application/json").body(body).post(path)
                .then().statusCode(status).extract().path(id);
    }

    private static String fill(String text, Map<String, String> ids) {
        String filled = text;
        for (Map.Entry<String, String> id : ids.entrySet()) {
            filled = filled.replace("{" + id.getKey() + "}", id.getValue());
        }
        return filled;
    }

    /** The last placeholder segment of the path (the resource the request writes) with a NUL in it. */
    private static String nulInPath(String path) {
        int at = path.lastIndexOf('{');
        if (at < 0) {
            return path + "%00";
        }
        int end = path.indexOf('}', at);
        return path.substring(0, end + 1) + "%00" + path.substring(end + 1);
    }

    /** Dotted paths of every non-null value below the top-level key (arrays as a whole and their first item). */
    private static List<String> leaves(String body) {
        List<String> found = new ArrayList<>();
        collect(parse(body), "", found);
        found.remove("");
        return found;
    }

    private static void collect(JsonNode node, String path, List<String> found) {
        if (node.isNull()) {
            return;
        }
        if (!path.isEmpty() && path.indexOf('.') > 0 || (!path.isEmpty() && !node.isObject())) {
            found.add(path);
        }
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                collect(field.getValue(), path.isEmpty() ? field.getKey() : path + "." + field.getKey(), found);
            }
        } else if (node.isArray() && !node.isEmpty()) {
            collect(node.get(0), path + ".0", found);
        }
    }

    /** Values of another JSON type than the field's, control characters, and sizes past every limit. */
    private static Map<String, JsonNode> wrongValues(String leaf, String body) {
        JsonNode current = at(parse(body), leaf);
        Map<String, JsonNode> values = new java.util.LinkedHashMap<>();
        if (!current.isNumber()) {
            values.put("a number", JSON.getNodeFactory().numberNode(12345));
        }
        if (!current.isBoolean()) {
            values.put("a boolean", JSON.getNodeFactory().booleanNode(true));
        }
        if (!current.isArray()) {
            values.put("an array", JSON.createArrayNode().add("x"));
        }
        if (!current.isObject()) {
            values.put("an object", JSON.createObjectNode().put("x", "y"));
        }
        values.put("a string with NUL", JSON.getNodeFactory().textNode(text(current) + "\u0000x"));
        values.put("a string with U+0001", JSON.getNodeFactory().textNode(text(current) + "\u0001x"));
        values.put("a string with ESC", JSON.getNodeFactory().textNode(text(current) + "\u001bx"));
        values.put("a 70000-character string", JSON.getNodeFactory().textNode(HUGE_STRING));
        values.put("a number past any long", JSON.getNodeFactory().textNode(HUGE_NUMBER));
        return values;
    }

    private static String text(JsonNode node) {
        return node.isTextual() ? node.textValue() : node.toString();
    }

    private static JsonNode at(JsonNode root, String path) {
        JsonNode node = root;
        for (String part : path.split("\\.")) {
            node = node.isArray() ? node.get(Integer.parseInt(part)) : node.get(part);
        }
        return node;
    }

    /** The body with the value at {@code path} replaced ({@code ""}: the whole tree). */
    private static String mutate(String body, String path, UnaryOperator<JsonNode> change) {
        JsonNode root = parse(body);
        if (path.isEmpty()) {
            return write(change.apply(root));
        }
        int dot = path.lastIndexOf('.');
        JsonNode parent = dot < 0 ? root : at(root, path.substring(0, dot));
        String last = path.substring(dot + 1);
        if (parent instanceof ArrayNode array) {
            array.set(Integer.parseInt(last), change.apply(array.get(Integer.parseInt(last))));
        } else {
            ((ObjectNode) parent).set(last, change.apply(parent.get(last)));
        }
        return write(root);
    }

    /**
     * An extra field inside the body's top-level object; beside it when that object is a free map of keys
     * (metadata, specs) or the body has no wrapping object.
     */
    private static JsonNode withField(JsonNode tree, String name, String value) {
        ObjectNode root = (ObjectNode) tree;
        String key = root.fieldNames().next();
        JsonNode inner = root.size() == 1 && !FREE_MAPS.contains(key) ? root.get(key) : null;
        ((ObjectNode) (inner instanceof ObjectNode ? inner : root)).put(name, value);
        return root;
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    private static String write(JsonNode tree) {
        try {
            return JSON.writeValueAsString(tree);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
