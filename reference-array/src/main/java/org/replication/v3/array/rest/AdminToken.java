package org.replication.v3.array.rest;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.replication.v3.array.config.ArrayConfig;

/**
 * Guards every REST resource of the array (management, data path and the peer paths): callers present the shared
 * secret ({@code array.admin.token}) in {@code X-Auth-Token}, as volume-service's admin endpoints do. Without a
 * configured secret everything is refused, never open. The check runs before matching, so a caller without the token
 * learns nothing about which paths exist. {@code /q/...} routes are not REST resources and stay open.
 */
public class AdminToken {

    static final String HEADER = "X-Auth-Token";

    private final Optional<byte[]> expected;

    public AdminToken(ArrayConfig config) {
        this.expected = config.admin().token().map(String::strip).filter(t -> !t.isEmpty()).map(AdminToken::digest);
    }

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION, preMatching = true)
    public Response authenticate(ContainerRequestContext request) {
        if (expected.isEmpty()) {
            return Faults.response(403, "forbidden", "the array's API is not configured: set array.admin.token"
                    + " (ARRAY_ADMIN_TOKEN) to use it");
        }
        String presented = request.getHeaderString(HEADER);
        if (presented == null || !MessageDigest.isEqual(expected.get(), digest(presented))) {
            return Faults.response(401, "unauthorized", "The request you have made requires authentication.");
        }
        return null;
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
