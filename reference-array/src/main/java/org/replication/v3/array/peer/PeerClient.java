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
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.replication.v3.array.config.ArrayConfig;
import org.replication.v3.array.volume.ArrayException;
import org.replication.v3.array.volume.Image;

/**
 * This array's calls to its peers, over their HTTP API (the {@code /v1/replica/...} paths, which only arrays use,
 * and {@code /v1/volumes/{id}/fence}). Blocking: callers are worker threads or the shipping task.
 */
@Singleton
public class PeerClient {

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

    /** Tells the peer a higher generation owns the volume now; answers whether it stayed an in-sync secondary. */
    public JsonNode fence(String peer, String id, long generation)
            throws PeerUnreachableException, PeerFencedException {
        return send(peer, "POST", "/v1/volumes/" + id + "/fence", jsonBody(Map.of("generation", generation,
                "by", config.name())), "application/json");
    }

    /** The peer's view of the volume (role, generation, fence). */
    public JsonNode volume(String peer, String id) throws PeerUnreachableException, PeerFencedException {
        return send(peer, "GET", "/v1/volumes/" + id, HttpRequest.BodyPublishers.noBody(), null).path("volume");
    }

    /** Makes the peer this array's secondary again (reprotect); answers the blocks its change log names. */
    public List<Long> join(String peer, String id, Map<String, Object> body)
            throws PeerUnreachableException, PeerFencedException {
        JsonNode answer = send(peer, "POST", "/v1/replica/" + id + "/join", jsonBody(body), "application/json");
        return json.convertValue(answer.path("changed_blocks"),
                json.getTypeFactory().constructCollectionType(List.class, Long.class));
    }

    public void clearChanges(String peer, String id, long generation)
            throws PeerUnreachableException, PeerFencedException {
        send(peer, "DELETE", "/v1/replica/" + id + "/changes?generation=" + generation,
                HttpRequest.BodyPublishers.noBody(), null);
    }

    private JsonNode send(String peer, String method, String path, HttpRequest.BodyPublisher body, String type)
            throws PeerUnreachableException, PeerFencedException {
        ArrayConfig.Peer target = config.peers().get(peer);
        if (target == null) {
            throw ArrayException.conflict("peer array " + peer + " is not configured on " + config.name()
                    + " (array.peers." + peer + ".url)");
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target.url().replaceAll("/+$", "") + path))
                .timeout(config.peerTimeout()).method(method, body)
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
