package org.replication.v3.api.auth.keystone;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * A stand-in for Keystone's v3 token API, the external system keystone mode talks to: it issues the service token
 * for the configured credentials and validates user tokens it was told about, answering with token bodies shaped as
 * Keystone's API reference shows them. It counts validations per token, so tests can see what the cache saved.
 */
public final class FakeKeystone {

    public static final String SERVICE_USER = "cinder";
    public static final String SERVICE_PASSWORD = "secret";

    private final HttpServer server;
    private final Map<String, UserToken> tokens = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> validations = new ConcurrentHashMap<>();
    private final Map<String, Boolean> serviceTokens = new ConcurrentHashMap<>();
    private final AtomicInteger serviceTokensIssued = new AtomicInteger();
    private volatile boolean down;

    private record UserToken(String userId, String projectId, List<String> roles, Instant expiresAt) {
    }

    public FakeKeystone() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v3/auth/tokens", this::tokens);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public void stop() {
        server.stop(0);
    }

    /** A new user token for the project, valid for {@code lifetime} seconds. */
    public String issue(String userId, String projectId, List<String> roles, long lifetimeSeconds) {
        String token = "gAAAA" + UUID.randomUUID().toString().replace("-", "");
        tokens.put(token, new UserToken(userId, projectId, roles, Instant.now().plusSeconds(lifetimeSeconds)));
        return token;
    }

    public void revoke(String token) {
        tokens.remove(token);
    }

    /** Every service token issued so far stops being accepted, as after a Keystone key rotation. */
    public void revokeServiceTokens() {
        serviceTokens.replaceAll((token, valid) -> false);
    }

    public int validationsOf(String token) {
        AtomicInteger count = validations.get(token);
        return count == null ? 0 : count.get();
    }

    public int serviceTokensIssued() {
        return serviceTokensIssued.get();
    }

    /** While down, every connection is dropped without an answer. */
    public void setDown(boolean down) {
        this.down = down;
    }

    private void tokens(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (down) {
                return;
            }
            if ("POST".equals(exchange.getRequestMethod())) {
                issueServiceToken(exchange);
            } else if ("GET".equals(exchange.getRequestMethod())) {
                validate(exchange);
            } else {
                exchange.sendResponseHeaders(405, -1);
            }
        }
    }

    private void issueServiceToken(HttpExchange exchange) throws IOException {
        String body = read(exchange.getRequestBody());
        if (!body.contains("\"name\":\"" + SERVICE_USER + "\"")
                || !body.contains("\"password\":\"" + SERVICE_PASSWORD + "\"")
                || !body.contains("\"methods\":[\"password\"]")) {
            send(exchange, 401, error(401, "The request you have made requires authentication."));
            return;
        }
        String token = "service-" + UUID.randomUUID();
        serviceTokens.put(token, true);
        serviceTokensIssued.incrementAndGet();
        exchange.getResponseHeaders().add("X-Subject-Token", token);
        send(exchange, 201, tokenBody("service-user-id", "service-project-id", "service", List.of("service"),
                Instant.now().plus(1, ChronoUnit.HOURS)));
    }

    private void validate(HttpExchange exchange) throws IOException {
        String service = exchange.getRequestHeaders().getFirst("X-Auth-Token");
        if (service == null || !serviceTokens.getOrDefault(service, false)) {
            send(exchange, 401, error(401, "The request you have made requires authentication."));
            return;
        }
        String subject = exchange.getRequestHeaders().getFirst("X-Subject-Token");
        validations.computeIfAbsent(subject == null ? "" : subject, key -> new AtomicInteger()).incrementAndGet();
        UserToken token = subject == null ? null : tokens.get(subject);
        if (token == null || !Instant.now().isBefore(token.expiresAt())) {
            send(exchange, 404, error(404, "Could not find token: " + subject + "."));
            return;
        }
        send(exchange, 200, tokenBody(token.userId(), token.projectId(), "demo", token.roles(),
                token.expiresAt()));
    }

    /** The body of Keystone's token validation (api-ref identity v3, "Validate and show information for token"). */
    private static String tokenBody(String userId, String projectId, String projectName, List<String> roles,
            Instant expiresAt) {
        String roleList = roles.stream()
                .map(role -> "{\"id\": \"" + UUID.randomUUID().toString().replace("-", "") + "\", \"name\": \""
                        + role + "\"}")
                .collect(Collectors.joining(", "));
        return "{\"token\": {"
                + "\"methods\": [\"password\"],"
                + "\"user\": {\"domain\": {\"id\": \"default\", \"name\": \"Default\"}, \"id\": \"" + userId + "\","
                + " \"name\": \"" + userId + "-name\", \"password_expires_at\": null},"
                + "\"audit_ids\": [\"mAjXQhiYRyKwkB4qygdLVg\"],"
                + "\"expires_at\": \"" + expiresAt.truncatedTo(ChronoUnit.MICROS) + "\","
                + "\"issued_at\": \"" + Instant.now().truncatedTo(ChronoUnit.MICROS) + "\","
                + "\"project\": {\"domain\": {\"id\": \"default\", \"name\": \"Default\"},"
                + " \"id\": \"" + projectId + "\","
                + " \"name\": \"" + projectName + "\"},"
                + "\"is_domain\": false,"
                + "\"roles\": [" + roleList + "],"
                + "\"catalog\": []"
                + "}}";
    }

    private static String error(int code, String message) {
        return "{\"error\": {\"code\": " + code + ", \"message\": \"" + message + "\", \"title\": \"Unauthorized\"}}";
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String read(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace(" ", "");
    }
}
