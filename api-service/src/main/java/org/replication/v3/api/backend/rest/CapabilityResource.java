package org.replication.v3.api.backend.rest;

import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.replication.v3.api.auth.Policy;
import org.replication.v3.api.backend.mapping.PoolView;
import org.replication.v3.api.backend.service.PoolCatalog;
import org.replication.v3.api.http.ApiPaths;
import org.replication.v3.api.http.ApiRequest;

/** Cinder's {@code GET capabilities/{host}} (admin only): what a volume service's backend can do. */
@Path(ApiPaths.PROJECT_SCOPED + "capabilities")
@Produces(MediaType.APPLICATION_JSON)
public class CapabilityResource {

    @Inject
    PoolCatalog catalog;

    @Inject
    ApiRequest request;

    @Inject
    Policy policy;

    /** {@code host} is a volume service's host, host@backend. */
    @GET
    @Path("{host}")
    public Uni<Map<String, Object>> show(@PathParam("host") String host) {
        policy.authorize(request.caller(), Policy.CAPABILITIES);
        return catalog.capabilities(host).map(report -> PoolView.capabilities(host, report));
    }
}
