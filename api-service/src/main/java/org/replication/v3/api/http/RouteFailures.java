package org.replication.v3.api.http;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import org.replication.v3.api.error.Fault;

/**
 * Gives Cinder's fault body to failures the router itself answers, below the REST layer's exception mappers: a path
 * whose percent-encoding does not decode ({@code /volumes/%ZZ}), a body the server stops reading. Without this
 * Quarkus ends them with the bare status.
 */
@ApplicationScoped
public class RouteFailures {

    private static final Logger LOG = Logger.getLogger(RouteFailures.class);

    private final FaultWriter faults;

    public RouteFailures(FaultWriter faults) {
        this.faults = faults;
    }

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(this::answer);
    }

    void answer(RoutingContext rc) {
        if (rc.response().headWritten()) {
            rc.next();
            return;
        }
        int status = rc.statusCode() > 0 ? rc.statusCode() : 500;
        Fault fault = Fault.forStatus(status);
        if (status >= 500) {
            LOG.errorf(rc.failure(), "%s %s failed", rc.request().method(), rc.request().uri());
        }
        faults.write(rc, fault, status == 400 ? "Malformed request url" : message(fault, rc));
    }

    private static String message(Fault fault, RoutingContext rc) {
        return fault.status() >= 500
                ? "The server has either erred or is incapable of performing the requested operation."
                : "The request could not be handled (HTTP " + rc.statusCode() + ").";
    }
}
