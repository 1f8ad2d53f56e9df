package org.replication.v3.mediator.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An array's API as the mediator uses it (health, paired volumes, batch promote and fence), in memory, with switches
 * for what a test breaks: whether it answers the mediator and whether it reaches its peer. Every batch call is
 * recorded in one log shared by all stubs, so a test sees the order of calls across arrays.
 */
final class StubArray implements AutoCloseable {

    static final String TOKEN = "stub-array-token";
    static final List<String> CALLS = new ArrayList<>();
    private static final ObjectMapper JSON = new ObjectMapper();

    final String name;
    final String peer;
    volatile boolean answering = true;
    volatile boolean reachesPeer = true;
    /** When set, a batch call is refused as a whole with this fault (e.g. a stale controller epoch). */
    volatile String refuseBatches;
    private final Map<String, ObjectNode> volumes = new LinkedHashMap<>();
    private final HttpServer server;

    StubArray(String name, String peer) throws IOException {
        this.name = name;
        this.peer = peer;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.createContext("/v1/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    synchronized void reset() {
        volumes.clear();
        synchronized (CALLS) {
            CALLS.clear();
        }
        answering = true;
        reachesPeer = true;
        refuseBatches = null;
    }

    /** A paired volume on this array. */
    synchronized void volume(String id, String role, String topology, long generation, boolean mediated) {
        ObjectNode v = JSON.createObjectNode().put("id", id).put("array", name).put("role", role)
                .put("generation", generation)
                .put("serving", role.equals("primary") || topology.equals("active_active"));
        v.putObject("pair").put("peer", peer).put("mode", "sync").put("topology", topology)
                .put("mediator", mediated).put("peer_lost", false).put("in_sync", true);
        volumes.put(id, v);
    }

    synchronized JsonNode volume(String id) {
        return volumes.get(id).deepCopy();
    }

    /** What a promote that reached this array leaves, without recording a call (its answer was lost). */
    static void promoteDirectly(StubArray array, String id) {
        synchronized (array) {
            ObjectNode v = array.volumes.get(id);
            v.put("role", "primary").put("serving", true).put("generation", v.path("generation").asLong() + 1);
            ((ObjectNode) v.path("pair")).put("peer_lost", true);
        }
    }

    static List<String> calls() {
        synchronized (CALLS) {
            return List.copyOf(CALLS);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!TOKEN.equals(exchange.getRequestHeaders().getFirst("X-Auth-Token"))) {
                answer(exchange, 401, JSON.createObjectNode());
                return;
            }
            if (!answering) {
                // What the mediator sees of a lost site: no answer in time.
                answer(exchange, 503, JSON.createObjectNode());
                return;
            }
            String path = exchange.getRequestURI().getPath();
            switch (path) {
                case "/v1/health" -> {
                    ObjectNode health = JSON.createObjectNode().put("array", name).put("boot_id", "boot-1");
                    health.putObject("peers").putObject(peer).put("reachable", reachesPeer).putNull("last_contact_at");
                    answer(exchange, 200, health);
                }
                case "/v1/volumes" -> {
                    ObjectNode list = JSON.createObjectNode();
                    ArrayNode items = list.putArray("volumes");
                    synchronized (this) {
                        volumes.values().forEach(v -> items.add(v.deepCopy()));
                    }
                    answer(exchange, 200, list);
                }
                case "/v1/volumes:promote", "/v1/volumes:fence" -> {
                    if (refuseBatches != null) {
                        ObjectNode fault = JSON.createObjectNode();
                        fault.putObject(refuseBatches).put("code", 409).put("message", "refused by the test");
                        answer(exchange, 409, fault);
                        return;
                    }
                    JsonNode body = JSON.readTree(exchange.getRequestBody());
                    boolean promote = path.endsWith("promote");
                    List<String> ids = new ArrayList<>();
                    ObjectNode answer = JSON.createObjectNode();
                    ArrayNode results = answer.putArray("volumes");
                    synchronized (this) {
                        for (JsonNode item : body.path("volumes")) {
                            String id = item.path("id").asText();
                            ids.add(id + (promote ? "" : "@" + item.path("generation").asLong()));
                            ObjectNode v = volumes.get(id);
                            if (promote) {
                                v.put("role", "primary").put("serving", true)
                                        .put("generation", v.path("generation").asLong() + 1).remove("fence");
                                ((ObjectNode) v.path("pair")).put("peer_lost", body.path("peer_lost").asBoolean());
                            } else {
                                v.put("serving", false).putObject("fence")
                                        .put("generation", item.path("generation").asLong())
                                        .put("by", body.path("by").asText());
                            }
                            results.addObject().put("id", id).put("ok", true).put("role", v.path("role").asText())
                                    .put("serving", v.path("serving").asBoolean())
                                    .put("generation", v.path("generation").asLong()).putNull("error");
                        }
                    }
                    synchronized (CALLS) {
                        CALLS.add(name + " " + (promote ? "promote" : "fence") + " " + ids + " by "
                                + body.path("by").asText() + " " + exchange.getRequestHeaders().getFirst("X-Controller")
                                + "@" + exchange.getRequestHeaders().getFirst("X-Controller-Epoch")
                                + (promote ? " peer_lost=" + body.path("peer_lost").asBoolean() : ""));
                    }
                    answer(exchange, 200, answer);
                }
                default -> answer(exchange, 404, JSON.createObjectNode());
            }
        }
    }

    private static void answer(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
