package org.replication.v3.api.auth;

import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;
import org.replication.v3.api.auth.keystone.KeystoneAuth;
import org.replication.v3.api.config.ApiConfig;
import org.replication.v3.api.error.ApiException;
import org.replication.v3.api.error.Fault;
import org.replication.v3.api.http.ApiPaths;
import org.replication.v3.api.http.ApiRequest;
import org.replication.v3.api.http.ResourceLinks;
import org.replication.v3.api.version.MicroversionFilter;

/**
 * Establishes the caller of every request (except {@link Anonymous} resources) and holds it to the project in the
 * URL. As in Cinder, a URL naming another project than the caller's is a malformed URL (400), for admins too: they
 * reach other projects through {@code all_tenants}, not through the URL.
 *
 * <p>Two steps, because identifying a caller may wait on Keystone: the first finds the caller and keeps it on the
 * routing context; the second, once the request is resumed in its own request scope, hands it to {@link ApiRequest}.
 */
public class AuthFilter {

    private static final String CALLER_KEY = "api.caller";

    private final NoAuth noAuth;
    private final KeystoneAuth keystone;
    private final boolean keystoneMode;
    private final ApiRequest request;
    private final ApiConfig config;

    public AuthFilter(NoAuth noAuth, KeystoneAuth keystone, AuthConfig auth, ApiRequest request, ApiConfig config) {
        this.noAuth = noAuth;
        this.keystone = keystone;
        this.keystoneMode = auth.strategy() == AuthConfig.Strategy.KEYSTONE;
        this.request = request;
        this.config = config;
    }

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION)
    public Uni<Void> authenticate(ContainerRequestContext context, RoutingContext rc, SimpleResourceInfo resource) {
        if (resource.getResourceClass().isAnnotationPresent(Anonymous.class)) {
            return Uni.createFrom().voidItem();
        }
        if (keystoneMode) {
            return keystone.authenticate(context.getHeaders().getFirst(NoAuth.AUTH_TOKEN))
                    .invoke(caller -> rc.put(CALLER_KEY, caller))
                    .replaceWithVoid();
        }
        Caller caller = noAuth.authenticate(context.getHeaders());
        if (caller == null) {
            throw new ApiException(Fault.UNAUTHORIZED, "Authentication required: send X-Auth-Token: <user>:<project>.");
        }
        rc.put(CALLER_KEY, caller);
        return Uni.createFrom().voidItem();
    }

    @ServerRequestFilter(priority = Priorities.AUTHORIZATION)
    public void scope(ContainerRequestContext context, RoutingContext rc) {
        String endpoint = config.publicEndpoint().map(AuthFilter::withoutTrailingSlash).orElseGet(() -> endpoint(rc));
        Caller caller = rc.get(CALLER_KEY);
        String urlProject = ApiPaths.projectOf(context.getUriInfo().getPathParameters().getFirst(ApiPaths.PROJECT_ID));
        if (caller != null && urlProject != null && !urlProject.equals(caller.projectId())) {
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
