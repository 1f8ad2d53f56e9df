package org.replication.v3.api.http;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Set;

/**
 * Routes Cinder's project-less URLs ({@code /v3/volumes/...}, 3.67) to the project-scoped resources, as
 * {@code /v3/-/volumes/...}: a URL whose first segment after {@code /v3/} names a collection has no project id.
 * A project literally named like a collection would be ambiguous here as it is in Cinder's own router.
 */
@ApplicationScoped
public class ProjectlessPaths {

    private static final String PREFIX = "/v3/";
    private static final Set<String> COLLECTIONS = Set.of("volumes", "types", "groups", "group_types",
            "scheduler-stats", "capabilities", "attachments", "messages", "os-services", "limits", "replication");

    void register(@Observes Filters filters) {
        filters.register(this::route, FilterPriorities.PROJECTLESS_PATHS);
    }

    void route(RoutingContext rc) {
        String path = rc.normalizedPath();
        if (path.startsWith(PREFIX)) {
            int end = path.indexOf('/', PREFIX.length());
            String first = path.substring(PREFIX.length(), end < 0 ? path.length() : end);
            if (COLLECTIONS.contains(first)) {
                String query = rc.request().query();
                rc.reroute(PREFIX + ApiPaths.NO_PROJECT + "/" + path.substring(PREFIX.length())
                        + (query == null ? "" : "?" + query));
                return;
            }
        }
        rc.next();
    }
}
