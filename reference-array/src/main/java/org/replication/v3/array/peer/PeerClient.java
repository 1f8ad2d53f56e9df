package org.replication.v3.array.peer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.replication.v3.array.config.ArrayConfig;
import org.replication.v3.array.volume.ArrayException;
import org.replication.v3.array.volume.GroupImage;
import org.replication.v3.array.volume.Image;

/**
 * This array's calls to its peers, over their HTTP API (the {@code /v1/replica/...} paths and
 * {@code /v1/pending-reports}, which only arrays use, and {@code /v1/volumes:fence}, {@code /v1/volumes},
 * {@code /v1/health}). Blocking: callers are worker threads or the shipping task.
 */
@Singleton
public class PeerClient {

    /** What a batch call to a peer may take per volume, on top of {@code array.peer-timeout}. */
    private static final Duration PER_VOLUME = Duration.ofMillis(20);

    private final ArrayConfig config;
    private final ObjectMapper json;
    private final HttpClient http;

    public PeerClient(ArrayConfig config, ObjectMapper json) {
        this.config = config;
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(config.peerTimeout()).build();
    }

    public Set<String> names() {
        return config.peers().keySet();
    }

    public void createReplica(String peer, String id, Map<String, Object> body)
            throws PeerUnreachableException, PeerFencedException {
        send(peer, "POST", "/v1/replica/" + id, jsonBody(body), "application/json");
    }

    public void writeReplica(String peer, String id, long generation, long offset, byte[] bytes)
            throws PeerUnreachableException, PeerFencedException {
        send(peer, "PUT", "/v1/replica/" + id + "/data?offset=" + offset + "&generation=" + generation
                + "&from=" + encode(config.name()), HttpRequest.BodyPublishers.ofByteArray(bytes),
                "application/octet-stream");
    }

    public void shipImage(String peer, String id, long generation, Image image)
            throws PeerUnreachableException, PeerFencedException {
        send(peer, "PUT", "/v1/replica/" + id + "/image?generation=" + generation + "&from="
                + encode(config.name()), HttpRequest.BodyPublishers.ofByteArray(image.encode()),
                "application/octet-stream");
    }

    /** Ships one point-in-time image of a consistency group's members, applied on the peer as a whole. */
    public void shipGroupImage(String peer, String group, GroupImage image)
            throws PeerUnreachableException, PeerFencedException {
        send(peer, "PUT", "/v1/replica-groups/" + group + "/image?from=" + encode(config.name()),
                HttpRequest.BodyPublishers.ofByteArray(image.encode()), "application/octet-stream",
                config.peerTimeout().plus(PER_VOLUME.multipliedBy(image.members().size())));
    }

    public void extendReplica(String peer, String id, long generation, long sizeBytes)
            throws PeerUnreachableException, PeerFencedException {
        send(peer, "POST", "/v1/replica/" + id + "/extend", jsonBody(Map.of("size_bytes", sizeBytes,
                "generation", generation)), "application/json");
    }

    public void removePair(String peer, String id, long generation)
            throws PeerUnreachableException, PeerFencedException {
        send(peer, "DELETE", "/v1/replica/" + id + "/pair?generation=" + generation, HttpRequest.BodyPublishers
                .noBody(), null);
    }

    /**
     * Tells the peer that higher generations own many volumes, in one call ({@code POST /v1/volumes:fence}):
     * {@code volumes} is [{id, generation}]. Answers the peer's batch answer, one entry per volume, in order.
     */
    public JsonNode fenceAll(String peer, List<Map<String, Object>> volumes)
            throws PeerUnreachableException, PeerFencedException {
        // Each volume costs the peer a durable state write: the answer may take longer than one call's timeout.
        return send(peer, "POST", "/v1/volumes:fence", jsonBody(Map.of("volumes", volumes, "by", config.name())),
                "application/json", config.peerTimeout().plus(PER_VOLUME.multipliedBy(volumes.size())))
                .path("volumes");
    }

    /** The peer's paired volumes, id, generation and whether it serves them: what the probe compares. */
    public JsonNode pairedVolumes(String peer) throws PeerUnreachableException, PeerFencedException {
        return send(peer, "GET", "/v1/volumes?paired=true&fields=id,generation,serving",
                HttpRequest.BodyPublishers.noBody(), null).path("volumes");
    }

    /** Tells the peer what it lacks of each async volume this array is primary of (pending reports). */
    public void pendingReports(String peer, List<Map<String, Object>> volumes)
            throws PeerUnreachableException, PeerFencedException {
        send(peer, "POST", "/v1/pending-reports", jsonBody(Map.of("from", config.name(), "volumes", volumes)),
                "application/json");
    }

    /** The peer heartbeat: answers when the peer does within {@code timeout}. */
    public void health(String peer, Duration timeout) throws PeerUnreachableException, PeerFencedException {
        send(peer, "GET", "/v1/health", HttpRequest.BodyPublishers.noBody(), null, timeout);
    }

    /** Makes the peer this array's secondary again (reprotect); answers the blocks its rejoin log names. */
    public List<Long> join(String peer, String id, Map<String, Object> body)
            throws PeerUnreachableException, PeerFencedException {
        JsonNode answer = send(peer, "POST", "/v1/replica/" + id + "/join", jsonBody(body), "application/json");
        return json.convertValue(answer.path("changed_blocks"),
                json.getTypeFactory().constructCollectionType(List.class, Long.class));
    }

    /**
     * Reprotect of many volumes: the peer joins each as this array's secondary ({@code POST /v1/replica:join}, one
     * journal record there). {@code volumes} is [{id, generation, size_bytes, pair}]; answers the peer's batch
     * answer, one entry per volume in order, each with the {@code changed_blocks} its rejoin log names.
     */
    public JsonNode joinAll(String peer, List<Map<String, Object>> volumes)
            throws PeerUnreachableException, PeerFencedException {
        return send(peer, "POST", "/v1/replica:join", jsonBody(Map.of("from", config.name(), "volumes", volumes)),
                "application/json", config.peerTimeout().plus(PER_VOLUME.multipliedBy(volumes.size())))
                .path("volumes");
    }

    /**
     * A batch pair's replicas: the peer creates them ({@code POST /v1/replica:create}, one journal record there).
     * {@code volumes} is [{id, size_bytes, generation, pair}]; answers the peer's batch answer, one entry per volume
     * in order.
     */
    public JsonNode createReplicas(String peer, List<Map<String, Object>> volumes)
            throws PeerUnreachableException, PeerFencedException {
        return send(peer, "POST", "/v1/replica:create", jsonBody(Map.of("from", config.name(), "volumes", volumes)),
                "application/json", config.peerTimeout().plus(PER_VOLUME.multipliedBy(volumes.size())))
                .path("volumes");
    }

    public void clearChanges(String peer, String id, long generation)
            throws PeerUnreachableException, PeerFencedException {
        send(peer, "DELETE", "/v1/replica/" + id + "/changes?generation=" + generation,
                HttpRequest.BodyPublishers.noBody(), null);
    }

    private JsonNode send(String peer, String method, String path, HttpRequest.BodyPublisher body, String type)
            throws PeerUnreachableException, PeerFencedException {
        return send(peer, method, path, body, type, config.peerTimeout());
    }

    private JsonNode send(String peer, String method, String path, HttpRequest.BodyPublisher body, String type,
            Duration timeout) throws PeerUnreachableException, PeerFencedException {
        ArrayConfig.Peer target = config.peers().get(peer);
        if (target == null) {
            throw ArrayException.conflict("peer array " + peer + " is not configured on " + config.name()
                    + " (array.peers." + peer + ".url)");
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target.url().replaceAll("/+$", "") + path))
                .timeout(timeout).method(method, body)
                .header("X-Auth-Token", target.token().or(() -> config.admin().token()).orElse(""));
        if (type != null) {
            request.header("Content-Type", type);
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new PeerUnreachableException("peer array " + peer + " is unreachable: " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PeerUnreachableException("interrupted while calling peer array " + peer, e);
        }
        JsonNode answer = parse(response.body());
        if (response.statusCode() / 100 == 2) {
            return answer;
        }
        JsonNode fault = answer.elements().hasNext() ? answer.elements().next() : answer;
        String message = fault.path("message").asText("HTTP " + response.statusCode());
        if (answer.has("fenced")) {
            throw new PeerFencedException("peer array " + peer + " holds the volume at generation "
                    + fault.path("generation").asLong() + ": " + message, fault.path("generation").asLong());
        }
        if (response.statusCode() >= 500) {
            throw new PeerUnreachableException("peer array " + peer + " failed: " + message, null);
        }
        throw new ArrayException(409, "peerRefused", "peer array " + peer + " refused " + method + " " + path
                + ": " + message, Map.of());
    }

    private JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            return json.createObjectNode();
        }
        try {
            return json.readTree(body);
        } catch (IOException e) {
            return json.createObjectNode();
        }
    }

    private HttpRequest.BodyPublisher jsonBody(Object body) {
        try {
            return HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new IllegalStateException("a map of plain values serializes", e);
        }
    }

    private static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
