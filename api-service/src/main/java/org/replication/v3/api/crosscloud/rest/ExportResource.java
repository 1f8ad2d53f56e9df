package org.replication.v3.api.crosscloud.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.RestResponse;
import org.replication.v3.api.auth.Caller;
import org.replication.v3.api.auth.Policy;
import org.replication.v3.api.config.ApiConfig;
import org.replication.v3.api.crosscloud.mapping.TransferView;
import org.replication.v3.api.crosscloud.repository.ReplicaExportRepository;
import org.replication.v3.api.crosscloud.repository.ReplicaImportRepository;
import org.replication.v3.api.crosscloud.service.ExportService;
import org.replication.v3.api.error.ApiException;
import org.replication.v3.api.http.ApiPaths;
import org.replication.v3.api.http.ApiRequest;
import org.replication.v3.api.version.Microversions;
import org.replication.v3.api.version.VersionGate;

/**
 * Cross-cloud export of failed-over volumes and the operations of both directions (ours, from 3.74, admin only):
 * {@code POST /replication/export}, {@code GET /replication/exports[/{id}]}, {@code GET /replication/imports/{id}}.
 */
@Path(ApiPaths.PROJECT_SCOPED + "replication")
@Produces(MediaType.APPLICATION_JSON)
public class ExportResource {

    private final ExportService exportService;
    private final ReplicaExportRepository exports;
    private final ReplicaImportRepository imports;
    private final ApiRequest request;
    private final Policy policy;
    private final ObjectMapper json;
    private final int maxLimit;

    public ExportResource(ExportService exportService, ReplicaExportRepository exports,
            ReplicaImportRepository imports, ApiRequest request, Policy policy, ObjectMapper json, ApiConfig config) {
        this.exportService = exportService;
        this.exports = exports;
        this.imports = imports;
        this.request = request;
        this.policy = policy;
        this.json = json;
        this.maxLimit = config.maxListLimit();
    }

    @POST
    @Path("export")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<Map<String, Object>>> export(JsonNode body) {
        Caller caller = authorize(Policy.REPLICATION_EXPORT);
        return exportService.submit(caller, ExportRequests.parse(body)).map(export -> RestResponse.accepted(
                Map.of("export", TransferView.exportDetail(export, exportService.resources(export), List.of(),
                        json))));
    }

    /** Newest first, without their documents (an export of a whole backend holds hundreds). */
    @GET
    @Path("exports")
    @WithSession
    public Uni<Map<String, Object>> list() {
        authorize(Policy.REPLICATION_EXPORT_GET);
        return exports.newestFirst(maxLimit).flatMap(found -> {
            Uni<List<Map<String, Object>>> views = Uni.createFrom().item(new ArrayList<>());
            for (var export : found) {
                views = views.flatMap(list -> exports.items(export.id).map(items -> {
                    list.add(TransferView.exportSummary(export, exportService.resources(export), items));
                    return list;
                }));
            }
            return views;
        }).map(list -> Map.of("exports", list));
    }

    @GET
    @Path("exports/{id}")
    @WithSession
    public Uni<Map<String, Object>> show(@PathParam("id") String id) {
        authorize(Policy.REPLICATION_EXPORT_GET);
        return exports.findById(id).flatMap(export -> {
            if (export == null) {
                return Uni.createFrom().failure(ApiException.notFound("Export " + id + " could not be found."));
            }
            return exports.items(id).map(items -> Map.<String, Object>of("export",
                    TransferView.exportDetail(export, exportService.resources(export), items, json)));
        });
    }

    @GET
    @Path("imports/{id}")
    @WithSession
    public Uni<Map<String, Object>> showImport(@PathParam("id") String id) {
        authorize(Policy.VOLUME_IMPORT_REPLICA);
        return imports.findById(id).flatMap(replicaImport -> {
            if (replicaImport == null) {
                return Uni.createFrom().failure(ApiException.notFound("Import " + id + " could not be found."));
            }
            return imports.items(id).map(items -> Map.<String, Object>of("import",
                    TransferView.importDetail(replicaImport, items)));
        });
    }

    /** Below 3.74 the routes do not exist (404); then the rule decides (403). */
    private Caller authorize(String rule) {
        VersionGate.require(request.version(), Microversions.CROSS_CLOUD);
        Caller caller = request.caller();
        policy.authorize(caller, rule);
        return caller;
    }
}
