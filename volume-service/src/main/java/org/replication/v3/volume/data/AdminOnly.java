package org.replication.v3.volume.data;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.util.Arrays;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The data plane and fault injection are for operators and tests only: requests must carry the admin role
 * ({@code X-Roles: admin}, as the API's noauth mode passes roles). In Kubernetes the volume-service is not exposed
 * outside the cluster either.
 */
public class AdminOnly {

    static final String ROLES = "X-Roles";

    @ServerRequestFilter
    public Response requireAdmin(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!path.startsWith("/v1/")) {
            return null;
        }
        String roles = request.getHeaderString(ROLES);
        boolean admin = roles != null && Arrays.stream(roles.split(",")).map(String::trim).anyMatch("admin"::equals);
        return admin ? null : Response.status(Response.Status.FORBIDDEN)
                .entity(Map.of("forbidden", Map.of("code", 403,
                        "message", "the data plane and fault injection need the admin role (X-Roles: admin)")))
                .type("application/json").build();
    }
}
