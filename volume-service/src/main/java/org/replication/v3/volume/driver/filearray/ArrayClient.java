package org.replication.v3.volume.driver.filearray;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * One reference array's management API and data path over HTTP (module {@code reference-array}), as a Cinder driver
 * talks to its array's REST API. Every method blocks for at most the configured timeout; a connection that fails or
 * times out is an {@link Unreachable}, an answer with an error status an {@link Refused} that carries the array's
 * fault kind ({@code fenced}, {@code staleController}, ...).
 */
public final class ArrayClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * Calls that move data get this instead of the management timeout: a write or read of up to 64 MiB, a checksum
     * (the whole volume), a pair's initial copy, a reprotect's copy of the changed blocks, a demote's last ship, a
     * batch promote that tells the peer about hundreds of volumes.
     */
    private static final Duration DATA_TIMEOUT = Duration.ofMinutes(2);
    /** Ids per batch call: a 10,000-volume failover is tens of calls, each answer small enough to parse at once. */
    static final int BATCH = 500;

    private final String name;
    private final URI base;
    private final String token;
    private final Duration timeout;
    private final HttpClient http;
    /** Whom changing calls speak for (their fencing headers); null: nobody, the calls are not fenced. */
    private final Controller controller;

    public ArrayClient(String name, URI base, String token, Duration timeout) {
        this(name, base, token, timeout,
                HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build(), null);
    }

    private ArrayClient(String name, URI base, String token, Duration timeout, HttpClient http,
            Controller controller) {
        this.name = name;
        this.base = base;
        this.token = token;
        this.timeout = timeout;
        this.http = http;
        this.controller = controller;
    }

    /**
     * The controller of a backend's calls (docs/sites.md section 3): the key and epoch of the backend's lease, as
     * this instance holds it now.
     */
    @FunctionalInterface
    public interface Controller {
        /** The key and epoch to send; {@link NotController} when this instance may not act for the key now. */
        Token token() throws NotController;
    }

    /** {@code X-Controller} and {@code X-Controller-Epoch}. */
    public record Token(String key, long epoch) {
    }

    /** This instance does not hold the backend's lease (or its local validity ran out): no call is started. */
    public static final class NotController extends IOException {
        public NotController(String message) {
            super(message);
        }
    }

    /**
     * This array as the given controller speaks to it: every call that changes something carries its fencing
     * headers, which the array checks against the highest epoch it has recorded for the key (409
     * {@code staleController}). The data path (writes) is the hosts' I/O, not the control plane's, and carries none.
     */
    public ArrayClient controlledBy(Controller controller) {
        return new ArrayClient(name, base, token, timeout, http, controller);
    }

    public String name() {
        return name;
    }

    /** The array did not answer: down, cut off, or slower than the timeout. */
    public static final class Unreachable extends IOException {
        public Unreachable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The array answered with an error. */
    public static final class Refused extends IOException {
        private final int status;
        private final String kind;

        public Refused(int status, String kind, String message) {
            super(message);
            this.status = status;
            this.kind = kind;
        }

        public int status() {
            return status;
        }

        public String kind() {
            return kind;
        }
    }

    // ---- volumes ----

    /** A create's answer: the volume's view, and whether this call made it (false: it was there already). */
    public record Created(JsonNode volume, boolean created) {
    }

    /** Creates the volume, or finds it with that size already; another size is refused (409). */
    public Created create(String id, long sizeBytes, String pool) throws IOException {
        HttpRequest request = fenced(request("/v1/volumes")).header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(
                        object("id", id, "size_bytes", sizeBytes, "pool", pool)))).build();
        HttpResponse<byte[]> response = exchange(request, HttpResponse.BodyHandlers.ofByteArray());
        return new Created(JSON.readTree(response.body()).path("volume"), response.statusCode() == 201);
    }

    /** One volume of a batch create. */
    public record NewVolume(String id, long sizeBytes, String pool) {
    }

    /**
     * Batch create ({@code POST /v1/volumes:create}, one durable write on the array per call): one answer per
     * volume, in order, each {@code ok} with {@code created} (false: it was there already with that size), or with
     * its {@code error}.
     */
    public List<JsonNode> createAll(List<NewVolume> volumes) throws IOException {
        List<JsonNode> answers = new ArrayList<>();
        for (int from = 0; from < volumes.size(); from += BATCH) {
            ObjectNode body = JSON.createObjectNode();
            var entries = body.putArray("volumes");
            volumes.subList(from, Math.min(volumes.size(), from + BATCH)).forEach(v -> entries.add(
                    object("id", v.id(), "size_bytes", v.sizeBytes(), "pool", v.pool())));
            send("POST", "/v1/volumes:create", body, DATA_TIMEOUT).path("volumes").forEach(answers::add);
        }
        return answers;
    }

    /** One volume of a batch pair, as {@link #pair} takes it. */
    public record NewPair(String id, String peer, String mode, Integer rpoSeconds, String topology,
            boolean mediator) {
    }

    /**
     * Batch pair on the volumes' primary ({@code POST /v1/volumes:pair}: the peer creates the replicas in one call):
     * one answer per volume, in order, each {@code ok} or with its {@code error}.
     */
    public List<JsonNode> pairAll(List<NewPair> pairs) throws IOException {
        List<JsonNode> answers = new ArrayList<>();
        for (int from = 0; from < pairs.size(); from += BATCH) {
            ObjectNode body = JSON.createObjectNode();
            var entries = body.putArray("volumes");
            pairs.subList(from, Math.min(pairs.size(), from + BATCH)).forEach(p -> entries.add(object("id", p.id(),
                    "peer", p.peer(), "mode", p.mode(), "rpo_seconds", p.rpoSeconds(), "topology", p.topology(),
                    "mediator", p.mediator())));
            // Each pair's initial copy (none for a new volume) runs within the call.
            send("POST", "/v1/volumes:pair", body, DATA_TIMEOUT).path("volumes").forEach(answers::add);
        }
        return answers;
    }

    public void delete(String id) throws IOException {
        send("DELETE", "/v1/volumes/" + id, null);
    }

    public JsonNode extend(String id, long sizeBytes) throws IOException {
        return send("POST", "/v1/volumes/" + id + "/extend", object("size_bytes", sizeBytes)).path("volume");
    }

    /** The views of these volumes that exist on the array, one call per {@link #BATCH} ids. */
    public List<JsonNode> list(Collection<String> ids) throws IOException {
        List<JsonNode> views = new ArrayList<>();
        List<String> all = List.copyOf(ids);
        for (int from = 0; from < all.size(); from += BATCH) {
            String query = String.join(",", all.subList(from, Math.min(all.size(), from + BATCH)));
            send("GET", "/v1/volumes?ids=" + URLEncoder.encode(query, StandardCharsets.UTF_8), null).path("volumes")
                    .forEach(views::add);
        }
        return views;
    }

    /** Every paired volume of the array. */
    public List<JsonNode> paired() throws IOException {
        List<JsonNode> views = new ArrayList<>();
        send("GET", "/v1/volumes?paired=true", null).path("volumes").forEach(views::add);
        return views;
    }

    public JsonNode stats() throws IOException {
        return send("GET", "/v1/stats", null);
    }

    public JsonNode health() throws IOException {
        return send("GET", "/v1/health", null);
    }

    /** Whether the array answers its health call within {@code within}. */
    public boolean answers(Duration within) {
        try {
            send("GET", "/v1/health", null, within);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    // ---- controllers (fencing tokens of the backend lease) ----

    /**
     * Records {@code epoch} as the key's highest (idempotent): from now on the array refuses the key's calls at a
     * lower one. A {@link Refused} of kind {@code staleController} when the array knows a higher one already.
     */
    public void putController(String key, long epoch, Duration within) throws IOException {
        send("PUT", "/v1/controllers/" + URLEncoder.encode(key, StandardCharsets.UTF_8), object("epoch", epoch),
                within, false);
    }

    /** The epoch the array has recorded for the key; 0 when none. */
    public long controllerEpoch(String key, Duration within) throws IOException {
        for (JsonNode controller : send("GET", "/v1/controllers", null, within).path("controllers")) {
            if (key.equals(controller.path("key").asText())) {
                return controller.path("epoch").asLong();
            }
        }
        return 0;
    }

    // ---- replication ----

    public JsonNode pair(String id, String peer, String mode, Integer rpoSeconds, String topology, boolean mediator)
            throws IOException {
        return send("POST", "/v1/volumes/" + id + "/pair", object("peer", peer, "mode", mode, "rpo_seconds",
                rpoSeconds, "topology", topology, "mediator", mediator), DATA_TIMEOUT).path("volume");
    }

    public void unpair(String id, boolean force) throws IOException {
        send("DELETE", "/v1/volumes/" + id + "/pair" + (force ? "?force=true" : ""), null);
    }

    /** Batch promote: one answer per id, in order, each {@code ok} or with its {@code error}. */
    public List<JsonNode> promote(List<String> ids, String by, boolean peerLost) throws IOException {
        // The array bounds its own call to the peer (its peer timeout plus a little per volume).
        return batch("promote", ids, Map.of("by", by, "peer_lost", peerLost), DATA_TIMEOUT);
    }

    public List<JsonNode> demote(List<String> ids) throws IOException {
        return batch("demote", ids, Map.of(), DATA_TIMEOUT);
    }

    /**
     * Batch reprotect on the side that serves now ({@code POST /v1/volumes:reprotect}): one answer per id, in order,
     * each {@code ok} with its {@code copied_blocks}, or with its {@code error}.
     */
    public List<JsonNode> reprotectAll(List<String> ids) throws IOException {
        return batch("reprotect", ids, Map.of("by", "driver"), DATA_TIMEOUT);
    }

    /** Batch fence of many volumes, each with the generation that owns it now: one answer per volume, in order. */
    public List<JsonNode> fenceAll(Map<String, Long> generations, String by) throws IOException {
        List<JsonNode> answers = new ArrayList<>();
        List<Map.Entry<String, Long>> all = new ArrayList<>(generations.entrySet());
        for (int from = 0; from < all.size(); from += BATCH) {
            ObjectNode body = JSON.createObjectNode().put("by", by);
            var volumes = body.putArray("volumes");
            all.subList(from, Math.min(all.size(), from + BATCH)).forEach(e -> volumes.addObject()
                    .put("id", e.getKey()).put("generation", e.getValue()));
            // Each fence is a durable write on the array: a batch may take longer than a management call.
            send("POST", "/v1/volumes:fence", body, DATA_TIMEOUT).path("volumes").forEach(answers::add);
        }
        return answers;
    }

    /** One volume's cross-cloud export marker: the document exported for it and its digest. */
    public record ExportMarker(String id, String documentId, String digest) {
    }

    /**
     * Records export markers ({@code POST /v1/volumes:export}, one durable journal record per call): one answer per
     * volume, in order, each {@code ok} or with its {@code error}.
     */
    public List<JsonNode> recordExports(List<ExportMarker> markers) throws IOException {
        List<JsonNode> answers = new ArrayList<>();
        for (int from = 0; from < markers.size(); from += BATCH) {
            ObjectNode body = JSON.createObjectNode();
            var volumes = body.putArray("volumes");
            markers.subList(from, Math.min(markers.size(), from + BATCH)).forEach(m -> volumes.addObject()
                    .put("id", m.id()).put("document_id", m.documentId()).put("digest", m.digest()));
            send("POST", "/v1/volumes:export", body, DATA_TIMEOUT).path("volumes").forEach(answers::add);
        }
        return answers;
    }

    // ---- consistency groups (the async members of one ship one point-in-time image together) ----

    /** Creates the group with no members, unless the array has it already (then its members stay). */
    public void createGroup(String group) throws IOException {
        try {
            send("GET", "/v1/groups/" + group, null);
        } catch (Refused e) {
            if (e.status() != 404) {
                throw e;
            }
            send("POST", "/v1/groups/" + group, object("volumes", List.of()));
        }
    }

    /** Deletes the group (its volumes stay); a group that is not there is fine. */
    public void deleteGroup(String group) throws IOException {
        send("DELETE", "/v1/groups/" + group, null);
    }

    /** Adds volumes to the group, creating it when the array does not have it. */
    public void addToGroup(String group, List<String> ids) throws IOException {
        createGroup(group);
        send("POST", "/v1/groups/" + group + "/volumes", object("add", ids));
    }

    /** Takes volumes out of the group; a group that is not there has none of them. */
    public void removeFromGroup(String group, List<String> ids) throws IOException {
        try {
            send("POST", "/v1/groups/" + group + "/volumes", object("remove", ids));
        } catch (Refused e) {
            if (e.status() != 404) {
                throw e;
            }
        }
    }

    private List<JsonNode> batch(String action, List<String> ids, Map<String, Object> fields, Duration within)
            throws IOException {
        List<JsonNode> answers = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += BATCH) {
            ObjectNode body = JSON.createObjectNode();
            fields.forEach((key, value) -> body.set(key, JSON.valueToTree(value)));
            var volumes = body.putArray("volumes");
            ids.subList(from, Math.min(ids.size(), from + BATCH)).forEach(id -> volumes.addObject().put("id", id));
            send("POST", "/v1/volumes:" + action, body, within).path("volumes").forEach(answers::add);
        }
        return answers;
    }

    // ---- data path ----

    public void write(String id, long offset, byte[] bytes) throws IOException {
        HttpRequest request = request("/v1/volumes/" + id + "/data?offset=" + offset).timeout(DATA_TIMEOUT)
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)).build();
        answer(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    public InputStream read(String id, long offset, long length) throws IOException {
        HttpRequest request = request("/v1/volumes/" + id + "/data?offset=" + offset + "&length=" + length)
                .timeout(DATA_TIMEOUT).GET().build();
        return answer(request, HttpResponse.BodyHandlers.ofInputStream());
    }

    public String checksum(String id) throws IOException {
        HttpRequest request = request("/v1/volumes/" + id + "/checksum").timeout(DATA_TIMEOUT)
                .header("Accept", "application/json").GET().build();
        return JSON.readTree(answer(request, HttpResponse.BodyHandlers.ofByteArray())).path("checksum")
                .path("sha256").asText(null);
    }

    // ---- plumbing ----

    private static ObjectNode object(Object... keysAndValues) {
        ObjectNode node = JSON.createObjectNode();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (keysAndValues[i + 1] != null) {
                node.set((String) keysAndValues[i], JSON.valueToTree(keysAndValues[i + 1]));
            }
        }
        return node;
    }

    /** Adds the controller's fencing headers; refuses to start the call when this instance may not act. */
    private HttpRequest.Builder fenced(HttpRequest.Builder request) throws NotController {
        if (controller != null) {
            Token current = controller.token();
            request.header("X-Controller", current.key()).header("X-Controller-Epoch", Long.toString(current.epoch()));
        }
        return request;
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(timeout).header("X-Auth-Token", token);
    }

    private JsonNode send(String method, String path, JsonNode body) throws IOException {
        return send(method, path, body, timeout);
    }

    private JsonNode send(String method, String path, JsonNode body, Duration within) throws IOException {
        return send(method, path, body, within, !"GET".equals(method));
    }

    private JsonNode send(String method, String path, JsonNode body, Duration within, boolean changes)
            throws IOException {
        HttpRequest.Builder request = request(path).timeout(within).header("Accept", "application/json");
        if (changes) {
            fenced(request);
        }
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        }
        byte[] answer = answer(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        return answer.length == 0 ? JSON.createObjectNode() : JSON.readTree(answer);
    }

    private <T> T answer(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws IOException {
        return exchange(request, handler).body();
    }

    private <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException {
        HttpResponse<T> response;
        try {
            response = http.send(request, handler);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unreachable("array " + name + ": interrupted", e);
        } catch (IOException e) {
            throw new Unreachable("array " + name + " (" + base + ") does not answer: " + describe(e), e);
        }
        if (response.statusCode() >= 400) {
            throw refused(response);
        }
        return response;
    }

    private Refused refused(HttpResponse<?> response) {
        String kind = "error";
        String message = "HTTP " + response.statusCode();
        try {
            Object raw = response.body();
            byte[] body = raw instanceof byte[] bytes ? bytes
                    : raw instanceof InputStream stream ? stream.readAllBytes() : new byte[0];
            JsonNode fault = JSON.readTree(body);
            if (fault != null && fault.size() == 1) {
                kind = fault.fieldNames().next();
                message = fault.path(kind).path("message").asText(message);
            }
        } catch (IOException | RuntimeException e) {
            // The status alone says enough when the body is not a fault.
        }
        return new Refused(response.statusCode(), kind, "array " + name + ": " + message);
    }

    private static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
