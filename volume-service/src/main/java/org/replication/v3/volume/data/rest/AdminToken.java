package org.replication.v3.volume.data.rest;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.replication.v3.volume.data.AdminConfig;

/**
 * Guards the volume-service's admin endpoints ({@code /v1/...}: the data plane, which reads and writes any project's
 * volumes): every REST resource of this service is one, so a
 * new resource is guarded without being listed, whatever its path. Callers present the operator's shared secret
 * ({@code volume.admin.token}) in {@code X-Auth-Token}; roles a caller claims ({@code X-Roles}) count for nothing,
 * since nothing here validates them. Without a configured secret the endpoints are refused, never open.
 * {@code /q/...} (health, metrics, OpenAPI) are routes, not REST resources, and stay open: see
 * docs/authentication.md. The check runs before the request is matched to a resource, so a caller without the token
 * learns nothing from the answer (no 404, 405 or 415 telling which paths and bodies exist).
 */
public class AdminToken {

    static final String HEADER = "X-Auth-Token";
    static final String UNAUTHORIZED = "The request you have made requires authentication.";

    /** SHA-256 of the secret: comparing digests takes the same time whatever the length of what is presented. */
    private final Optional<byte[]> expected;

    public AdminToken(AdminConfig config) {
        this.expected = config.admin().token().map(String::strip).filter(t -> !t.isEmpty()).map(AdminToken::digest);
    }

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION, preMatching = true)
    public Response authenticate(ContainerRequestContext request) {
        if (expected.isEmpty()) {
            return VolumeDataResource.fault(Response.Status.FORBIDDEN, "forbidden", "the volume-service admin"
                    + " endpoints are not configured: set volume.admin.token (VOLUME_ADMIN_TOKEN) to use them");
        }
        String presented = request.getHeaderString(HEADER);
        if (presented == null || !MessageDigest.isEqual(expected.get(), digest(presented))) {
            return VolumeDataResource.fault(Response.Status.UNAUTHORIZED, "unauthorized", UNAUTHORIZED);
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
