package org.replication.v3.api.crosscloud.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.jboss.resteasy.reactive.RestResponse;
import org.replication.v3.api.auth.Caller;
import org.replication.v3.api.auth.Policy;
import org.replication.v3.api.crosscloud.mapping.TransferView;
import org.replication.v3.api.crosscloud.service.ImportService;
import org.replication.v3.api.http.ApiPaths;
import org.replication.v3.api.http.ApiRequest;
import org.replication.v3.api.version.Microversions;
import org.replication.v3.api.version.VersionGate;

/** {@code POST /v3/{project_id}/volumes/import-replica} (ours, from 3.74, admin only): imports exported replicas. */
@Path(ApiPaths.PROJECT_SCOPED + "volumes/import-replica")
@Produces(MediaType.APPLICATION_JSON)
public class ImportResource {

    private final ImportService imports;
    private final ApiRequest request;
    private final Policy policy;

    public ImportResource(ImportService imports, ApiRequest request, Policy policy) {
        this.imports = imports;
        this.request = request;
        this.policy = policy;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<Map<String, Object>>> importReplicas(JsonNode body) {
        VersionGate.require(request.version(), Microversions.CROSS_CLOUD);
        Caller caller = request.caller();
        policy.authorize(caller, Policy.VOLUME_IMPORT_REPLICA);
        return imports.submit(caller, ImportRequests.parse(body)).map(accepted -> RestResponse.accepted(
                Map.of("import", TransferView.importDetail(accepted.replicaImport(), accepted.items()))));
    }
}
