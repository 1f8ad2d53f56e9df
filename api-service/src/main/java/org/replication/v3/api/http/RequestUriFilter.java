package org.replication.v3.api.http;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.net.URISyntaxException;
import org.replication.v3.api.error.Fault;

/**
 * Refuses a request target that is not a URI (a bad percent escape such as {@code %ZZ}, a raw space or {@code |})
 * with Cinder's 400 body. Quarkus makes the same check before any filter runs, but answers with an empty body; the
 * api-service turns that check off ({@code vertx.disableURIValidation}, set by {@link ApiServiceMain} and by the
 * test JVM) so that this filter, which runs before every other, makes it instead.
 */
@ApplicationScoped
public class RequestUriFilter {

    private final FaultWriter faults;

    public RequestUriFilter(FaultWriter faults) {
        this.faults = faults;
    }

    void register(@Observes Filters filters) {
        filters.register(this::check, FilterPriorities.REQUEST_URI);
    }

    void check(RoutingContext rc) {
        String uri = rc.request().uri();
        try {
            new URI(uri);
        } catch (URISyntaxException e) {
            faults.write(rc, Fault.BAD_REQUEST, "Malformed request URL: " + e.getReason() + " at index "
                    + e.getIndex() + ".");
            return;
        }
        rc.next();
    }
}
