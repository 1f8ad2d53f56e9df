package org.replication.v3.mediator.array;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.replication.v3.mediator.verdict.PairVolume;

/**
 * One array's API as the mediator uses it: its health (with what it knows of its peers), its paired volumes, and
 * batch promote and fence with the mediator's controller epoch.
 */
public final class ArrayClient {

    /** One volume's answer in a batch. */
    public record VolumeResult(String id, boolean ok, Long generation, String error) {
    }

    /** {@code GET /v1/health}: the array's name, its boot and whether it reaches each peer. */
    public record Health(String array, String bootId, Map<String, Boolean> peersReachable) {

        public boolean reaches(String peer) {
            return Boolean.TRUE.equals(peersReachable.get(peer));
        }
    }

    private final String name;
    private final URI base;
    private final String token;
    private final HttpClient http;
    private final ObjectMapper json;
    private final Duration healthTimeout;
    private final Duration callTimeout;

    public ArrayClient(String name, String url, String token, HttpClient http, ObjectMapper json,
            Duration healthTimeout, Duration callTimeout) {
        this.name = name;
        this.base = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        this.token = token;
        this.http = http;
        this.json = json;
        this.healthTimeout = healthTimeout;
        this.callTimeout = callTimeout;
    }

    public String name() {
        return name;
    }

    /** The array's health, or empty when it did not answer 200 within the health timeout. */
    public CompletableFuture<Optional<Health>> health() {
        HttpRequest request = request("/v1/health", healthTimeout).GET().build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).handle((response, failure) -> {
            if (failure != null || response.statusCode() != 200) {
                return Optional.empty();
            }
            try {
                JsonNode body = json.readTree(response.body());
                Map<String, Boolean> peers = new LinkedHashMap<>();
                body.path("peers").fields().forEachRemaining(
                        peer -> peers.put(peer.getKey(), peer.getValue().path("reachable").asBoolean(false)));
                return Optional.of(new Health(body.path("array").asText(name), body.path("boot_id").asText(null),
                        peers));
            } catch (IOException e) {
                return Optional.empty();
            }
        });
    }

    /** Every paired volume on this array. */
    public List<PairVolume> pairedVolumes() throws IOException {
        JsonNode body = send(request("/v1/volumes?paired=true", callTimeout).GET().build());
        List<PairVolume> volumes = new ArrayList<>();
        for (JsonNode v : body.path("volumes")) {
            JsonNode pair = v.path("pair");
            if (pair.isMissingNode() || pair.isNull()) {
                continue;
            }
            JsonNode fence = v.path("fence");
            volumes.add(new PairVolume(v.path("id").asText(), pair.path("peer").asText(),
                    "primary".equals(v.path("role").asText()), v.path("serving").asBoolean(false),
                    v.path("generation").asLong(), fence.isObject() ? fence.path("generation").asLong() : null,
                    "active_active".equals(pair.path("topology").asText()), pair.path("mediator").asBoolean(false),
                    pair.path("peer_lost").asBoolean(false)));
        }
        return volumes;
    }

    /** {@code POST /v1/volumes:promote} with the peer lost, by the mediator at {@code epoch}. */
    public List<VolumeResult> promote(List<String> ids, String decisionId, long epoch) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("volumes", ids.stream().map(id -> Map.of("id", id)).toList());
        body.put("by", "mediator");
        body.put("peer_lost", true);
        body.put("decision_id", decisionId);
        return results(post("/v1/volumes:promote", body, epoch));
    }

    /** {@code POST /v1/volumes:fence}: each volume at its generation, by the mediator at {@code epoch}. */
    public List<VolumeResult> fence(Map<String, Long> generations, long epoch) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("volumes", generations.entrySet().stream()
                .map(e -> Map.of("id", e.getKey(), "generation", e.getValue())).toList());
        body.put("by", "mediator");
        return results(post("/v1/volumes:fence", body, epoch));
    }

    private JsonNode post(String path, Object body, long epoch) throws IOException {
        return send(request(path, callTimeout).header("Content-Type", "application/json")
                .header("X-Controller", "mediator").header("X-Controller-Epoch", Long.toString(epoch))
                .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body))).build());
    }

    private List<VolumeResult> results(JsonNode body) {
        List<VolumeResult> results = new ArrayList<>();
        for (JsonNode v : body.path("volumes")) {
            JsonNode error = v.path("error");
            String refusal = error.isMissingNode() || error.isNull() ? null : describe(error);
            results.add(new VolumeResult(v.path("id").asText(), v.path("ok").asBoolean(refusal == null),
                    v.hasNonNull("generation") ? v.path("generation").asLong() : null, refusal));
        }
        return results;
    }

    /** A batch entry's {@code {"code", "kind", "message"}} as one line: {@code fenced (409): ...}. */
    private static String describe(JsonNode error) {
        if (error.has("kind") || error.has("message")) {
            return error.path("kind").asText("error") + " (" + error.path("code").asText("?") + "): "
                    + error.path("message").asText("");
        }
        return error.isTextual() ? error.asText() : error.toString();
    }

    private HttpRequest.Builder request(String path, Duration timeout) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout).header("X-Auth-Token", token)
                .header("Accept", "application/json");
    }

    private JsonNode send(HttpRequest request) throws IOException {
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new ArrayCallException(request.method() + " " + request.uri() + " on " + name + ": "
                    + e.getClass().getSimpleName() + " " + e.getMessage(), 0, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ArrayCallException(request.method() + " " + request.uri() + " on " + name + " interrupted", 0,
                    e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new ArrayCallException(request.method() + " " + request.uri() + " on " + name + " answered "
                    + response.statusCode() + ": " + new String(response.body()), response.statusCode(), null);
        }
        return json.readTree(response.body());
    }
}
