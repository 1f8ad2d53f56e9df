package org.replication.v3.drill;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The Cinder v3 API as an admin of one project (the suite's Keystone-less token {@code admin:<project>}). */
final class Cinder {

    static final String MICROVERSION = "3.73";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Set<String> ENDED = Set.of("completed", "completed_with_errors", "refused", "planned");

    private final Http http;
    private final String base;
    private final Map<String, String> headers;

    Cinder(Http http, String apiUrl, String project, String token) {
        this.http = http;
        this.base = apiUrl + "/v3/" + project;
        this.headers = Map.of("X-Auth-Token", token, "OpenStack-API-Version", "volume " + MICROVERSION,
                "Accept", "application/json");
    }

    /** A volume type with these extra specs; answers its name. */
    String createType(String name, Map<String, String> extraSpecs) {
        String id = http.json("POST", base + "/types", headers, Map.of("volume_type", Map.of("name", name)),
                TIMEOUT).path("volume_type").path("id").asText();
        http.json("POST", base + "/types/" + id + "/extra_specs", headers, Map.of("extra_specs", extraSpecs),
                TIMEOUT);
        return name;
    }

    String createVolume(String name, String type, int sizeGb) {
        return http.json("POST", base + "/volumes", headers, Map.of("volume", Map.of("name", name, "size", sizeGb,
                "volume_type", type)), TIMEOUT).path("volume").path("id").asText();
    }

    JsonNode volume(String id) {
        return http.json("GET", base + "/volumes/" + id, headers, null, TIMEOUT).path("volume");
    }

    String replicationStatus(String id) {
        return volume(id).path("replication_status").asText();
    }

    /** A volume-scope failover; answers the operation's id. */
    String failover(List<String> volumes, String target, boolean force, String reason) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("scope", "volume");
        request.put("resources", volumes);
        request.put("target", target);
        request.put("force", force);
        request.put("reason", reason);
        return operationId(http.json("POST", base + "/replication/failover", headers, Map.of("failover", request),
                TIMEOUT));
    }

    String reprotect(List<String> volumes, String reason) {
        return operationId(http.json("POST", base + "/replication/reprotect", headers, Map.of("reprotect",
                Map.of("scope", "volume", "resources", volumes, "reason", reason)), TIMEOUT));
    }

    String failback(List<String> volumes, String changes) {
        return operationId(http.json("POST", base + "/replication/failback", headers, Map.of("failback",
                Map.of("scope", "volume", "resources", volumes, "changes", changes)), TIMEOUT));
    }

    JsonNode operation(String id) {
        return http.json("GET", base + "/replication/operations/" + id, headers, null, TIMEOUT).path("operation");
    }

    /** Waits until the operation has ended (completed, with errors, refused); answers it with its results. */
    JsonNode awaitEnd(String id, Duration timeout) {
        JsonNode[] last = new JsonNode[1];
        Waits.until("operation " + id + " ends", timeout, Duration.ofMillis(250), () -> {
            last[0] = operation(id);
            return ENDED.contains(last[0].path("state").asText());
        });
        return last[0];
    }

    /** The automatic operations (the replication-service's own, after a mediator's decision), newest first. */
    List<JsonNode> automaticOperations() {
        List<JsonNode> operations = new ArrayList<>();
        http.json("GET", base + "/replication/operations?automatic=true", headers, null, TIMEOUT).path("operations")
                .forEach(operations::add);
        return operations;
    }

    private static String operationId(JsonNode answer) {
        return answer.path("operation").path("id").asText();
    }
}
