package org.replication.v3.api.http;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.replication.v3.api.error.Fault;

/**
 * Refuses a declared body larger than {@code quarkus.http.limits.max-body-size} before it is read, with Cinder's
 * 413 fault; the server itself enforces the limit on bodies sent without a length.
 */
@ApplicationScoped
public class BodyLimitFilter {

    private final long limit;
    private final FaultWriter faults;

    public BodyLimitFilter(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize limit,
            FaultWriter faults) {
        this.limit = limit.asLongValue();
        this.faults = faults;
    }

    void register(@Observes Filters filters) {
        filters.register(this::check, FilterPriorities.BODY_LIMIT);
    }

    void check(RoutingContext rc) {
        String declared = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared != null && exceeds(declared)) {
            // The unread body would otherwise be taken as the next request on this connection.
            rc.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
            faults.write(rc, Fault.OVER_LIMIT, "Request is too large.");
            return;
        }
        rc.next();
    }

    private boolean exceeds(String declared) {
        try {
            return Long.parseLong(declared.trim()) > limit;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
