package org.replication.v3.api.auth.keystone;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.http.HttpClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.replication.v3.api.auth.AuthConfig;
import org.replication.v3.api.auth.Caller;

/**
 * The two Keystone v3 calls token validation needs: issuing this service's own token (password authentication,
 * {@code POST /v3/auth/tokens}) and checking a user's token with it ({@code GET /v3/auth/tokens} with
 * {@code X-Subject-Token}). Runs on the Vert.x event loop, so a request waiting on Keystone holds no thread.
 */
@ApplicationScoped
public class KeystoneClient {

    static final String AUTH_TOKEN = "X-Auth-Token";
    static final String SUBJECT_TOKEN = "X-Subject-Token";
    private static final String TOKENS_PATH = "/auth/tokens";
    private static final String JSON = "application/json";

    /** What Keystone said about a user token. */
    enum Verdict {
        VALID,
        /** Unknown, expired or revoked (Keystone answers 404). */
        INVALID,
        /** Keystone did not accept the service token itself (401): it expired or was revoked early. */
        SERVICE_TOKEN_REJECTED
    }

    record Validation(Verdict verdict, KeystoneToken token) {
    }

    record ServiceToken(String id, Instant expiresAt) {
    }

    private final HttpClient http;
    private final ObjectMapper mapper;
    private final AuthConfig.Keystone config;
    private final String tokensUrl;
    private final long timeoutMillis;

    public KeystoneClient(Vertx vertx, ObjectMapper mapper, AuthConfig auth) {
        this.config = auth.keystone();
        this.mapper = mapper;
        this.timeoutMillis = config.timeout().toMillis();
        this.tokensUrl = v3(config.url().orElseThrow(() ->
                new IllegalStateException("api.auth.keystone.url is required with api.auth.strategy=keystone")))
                + TOKENS_PATH;
        this.http = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout((int) timeoutMillis));
    }

    @PreDestroy
    void close() {
        http.closeAndForget();
    }

    Uni<ServiceToken> issueServiceToken() {
        RequestOptions options = request(HttpMethod.POST).putHeader("Content-Type", JSON);
        return send(options, passwordAuthentication()).map(reply -> {
            String id = reply.subjectToken();
            if (reply.status() != 201 || id == null) {
                throw new KeystoneUnavailable("Keystone refused the service credentials of "
                        + config.username().orElse("") + " (HTTP " + reply.status() + ")", null);
            }
            return new ServiceToken(id, expiresAt(token(reply.body())));
        });
    }

    Uni<Validation> validate(String serviceToken, String subjectToken) {
        RequestOptions options = request(HttpMethod.GET)
                .putHeader(AUTH_TOKEN, serviceToken)
                .putHeader(SUBJECT_TOKEN, subjectToken);
        return send(options, null).map(reply -> switch (reply.status()) {
            case 200, 203 -> new Validation(Verdict.VALID, caller(token(reply.body())));
            case 404 -> new Validation(Verdict.INVALID, null);
            case 401 -> new Validation(Verdict.SERVICE_TOKEN_REJECTED, null);
            default -> throw new KeystoneUnavailable("Keystone answered a token validation with HTTP "
                    + reply.status(), null);
        });
    }

    private RequestOptions request(HttpMethod method) {
        return new RequestOptions().setMethod(method).setAbsoluteURI(tokensUrl).setIdleTimeout(timeoutMillis)
                .putHeader("Accept", JSON);
    }

    private Uni<Reply> send(RequestOptions options, String body) {
        return http.request(options)
                .flatMap(request -> body == null ? request.send() : request.send(body))
                .flatMap(response -> response.body().map(buffer ->
                        new Reply(response.statusCode(), response.getHeader(SUBJECT_TOKEN), buffer.toString())))
                .onFailure(failure -> !(failure instanceof KeystoneUnavailable))
                .transform(failure -> new KeystoneUnavailable("Keystone at " + tokensUrl + " cannot be reached",
                        failure));
    }

    /** Keystone's password method, scoped to the service project. */
    private String passwordAuthentication() {
        ObjectNode root = mapper.createObjectNode();
        ObjectNode auth = root.putObject("auth");
        ObjectNode identity = auth.putObject("identity");
        identity.putArray("methods").add("password");
        ObjectNode user = identity.putObject("password").putObject("user");
        user.put("name", config.username().orElse(""));
        user.putObject("domain").put("name", config.userDomainName());
        user.put("password", config.password().orElse(""));
        ObjectNode project = auth.putObject("scope").putObject("project");
        project.put("name", config.projectName());
        project.putObject("domain").put("name", config.projectDomainName());
        return root.toString();
    }

    private JsonNode token(String body) {
        try {
            JsonNode token = mapper.readTree(body).path("token");
            if (!token.isObject()) {
                throw new KeystoneUnavailable("Keystone answered without a token body", null);
            }
            return token;
        } catch (JsonProcessingException e) {
            throw new KeystoneUnavailable("Keystone answered with malformed JSON", e);
        }
    }

    /** Whom the token names; a token without a project (unscoped, domain or system scope) acts for none. */
    private static KeystoneToken caller(JsonNode token) {
        String user = token.path("user").path("id").asText("");
        String project = token.path("project").path("id").asText("");
        if (user.isEmpty() || project.isEmpty()) {
            return null;
        }
        Set<String> roles = new HashSet<>();
        for (JsonNode role : token.path("roles")) {
            String name = role.path("name").asText("");
            if (!name.isEmpty()) {
                roles.add(name.toLowerCase(Locale.ROOT));
            }
        }
        return new KeystoneToken(new Caller(user, project, Set.copyOf(roles)), expiresAt(token));
    }

    private static Instant expiresAt(JsonNode token) {
        String text = token.path("expires_at").asText("");
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new KeystoneUnavailable("Keystone answered with an unreadable expires_at '" + text + "'", e);
        }
    }

    private static String v3(String url) {
        String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        return base.endsWith("/v3") ? base : base + "/v3";
    }

    private record Reply(int status, String subjectToken, String body) {
    }
}
