package org.replication.v3.array.rest;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.replication.v3.array.controller.ControllerEpochs;
import org.replication.v3.array.volume.ArrayException;

/**
 * Checks the fencing token of a changing call ({@code X-Controller}, {@code X-Controller-Epoch}) before the call
 * runs: a call from an overtaken lease is refused with 409 {@code staleController} and changes nothing. Calls
 * without the headers (operators, the peer array) are not checked. {@code /v1/controllers} raises epochs itself.
 */
public class ControllerFilter {

    static final String KEY = "X-Controller";
    static final String EPOCH = "X-Controller-Epoch";

    private final ControllerEpochs epochs;

    public ControllerFilter(ControllerEpochs epochs) {
        this.epochs = epochs;
    }

    @ServerRequestFilter(priority = Priorities.AUTHORIZATION)
    public Response admit(ContainerRequestContext request) throws IOException {
        String method = request.getMethod();
        if (method.equals("GET") || method.equals("HEAD")
                || request.getUriInfo().getPath().startsWith("/v1/controllers")) {
            return null;
        }
        String key = request.getHeaderString(KEY);
        String epoch = request.getHeaderString(EPOCH);
        if (key == null && epoch == null) {
            return null;
        }
        try {
            if (key == null || epoch == null) {
                throw ArrayException.badRequest("X-Controller and X-Controller-Epoch go together: a controller's"
                        + " key and its lease epoch");
            }
            epochs.admit(key, Params.number(EPOCH, epoch.strip()));
            return null;
        } catch (ArrayException e) {
            return Faults.response(e.status(), e.kind(), e.getMessage(), e.details());
        }
    }
}
