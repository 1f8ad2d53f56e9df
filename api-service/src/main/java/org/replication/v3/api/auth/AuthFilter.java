package org.replication.v3.api.auth;

import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.container.ContainerRequestContext;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.replication.v3.api.config.ApiConfig;
import org.replication.v3.api.error.ApiException;
import org.replication.v3.api.error.Fault;
import org.replication.v3.api.http.ApiPaths;
import org.replication.v3.api.http.ApiRequest;
import org.replication.v3.api.http.ResourceLinks;
import org.replication.v3.api.version.MicroversionFilter;

/**
 * Establishes the caller of every project-scoped request and holds it to the project in the URL. As in Cinder, a
 * URL naming another project than the caller's is a malformed URL (400), for admins too: they reach other
 * projects through {@code all_tenants}, not through the URL. Paths without {@code {project_id}} (the version
 * documents) need no caller.
 */
public class AuthFilter {

    private final NoAuth noAuth;
    private final ApiRequest request;
    private final ApiConfig config;

    public AuthFilter(NoAuth noAuth, ApiRequest request, ApiConfig config) {
        this.noAuth = noAuth;
        this.request = request;
        this.config = config;
    }

    @ServerRequestFilter
    public void authenticate(ContainerRequestContext context, RoutingContext rc) {
        String endpoint = config.publicEndpoint().map(AuthFilter::withoutTrailingSlash).orElseGet(() -> endpoint(rc));
        String scope = context.getUriInfo().getPathParameters().getFirst(ApiPaths.PROJECT_ID);
        if (scope == null) {
            request.init(MicroversionFilter.of(rc), null, new ResourceLinks(endpoint, null));
            return;
        }
        Caller caller = noAuth.authenticate(context.getHeaders());
        if (caller == null) {
            throw new ApiException(Fault.UNAUTHORIZED, "Authentication required: send X-Auth-Token: <user>:<project>.");
        }
        String urlProject = ApiPaths.projectOf(scope);
        if (urlProject != null && !urlProject.equals(caller.projectId())) {
            throw ApiException.badRequest("Malformed request url");
        }
        request.init(MicroversionFilter.of(rc), caller, new ResourceLinks(endpoint, urlProject));
    }

    private static String endpoint(RoutingContext rc) {
        var authority = rc.request().authority();
        String host = authority == null ? rc.request().localAddress().host() : authority.host();
        int port = authority == null ? rc.request().localAddress().port() : authority.port();
        return rc.request().scheme() + "://" + host + (port > 0 ? ":" + port : "");
    }

    private static String withoutTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
