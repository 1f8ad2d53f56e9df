package org.replication.v3.mediator.rest;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.replication.v3.mediator.config.MediatorConfig;

/**
 * Callers of {@code /v1} (the volume-service reading decisions, an operator) present {@code mediator.token} in
 * {@code X-Auth-Token}. Without a configured token everything is refused, never open. {@code /q/...} (metrics) are not
 * REST resources and stay open.
 */
public class MediatorToken {

    static final String HEADER = "X-Auth-Token";

    private final Optional<byte[]> expected;

    public MediatorToken(MediatorConfig config) {
        this.expected = config.token().map(String::strip).filter(t -> !t.isEmpty()).map(MediatorToken::digest);
    }

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION, preMatching = true)
    public Response authenticate(ContainerRequestContext request) {
        if (expected.isEmpty()) {
            return Faults.response(403, "forbidden", "the mediator's API is not configured: set mediator.token"
                    + " (MEDIATOR_TOKEN) to use it");
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
