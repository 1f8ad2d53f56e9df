package org.replication.v3.api.attachment.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.jboss.resteasy.reactive.RestResponse;
import org.replication.v3.api.attachment.VolumeAttachment;
import org.replication.v3.api.attachment.mapping.AttachmentView;
import org.replication.v3.api.attachment.service.AttachmentService;
import org.replication.v3.api.auth.Policy;
import org.replication.v3.api.config.ApiConfig;
import org.replication.v3.api.error.ApiException;
import org.replication.v3.api.http.ApiPaths;
import org.replication.v3.api.http.ApiRequest;
import org.replication.v3.api.validation.Uuids;
import org.replication.v3.api.version.Microversions;

/**
 * Cinder's attachments API: {@code /v3/[{project_id}/]attachments}, from microversion 3.27 (os-complete from
 * 3.44); below that these resources do not exist (404). Attachments of another project's volumes do not exist
 * either.
 */
@Path(ApiPaths.PROJECT_SCOPED + "attachments")
@Produces(MediaType.APPLICATION_JSON)
public class AttachmentResource {

    private static final String COMPLETE = "os-complete";

    @Inject
    AttachmentService attachments;

    @Inject
    ApiRequest request;

    @Inject
    Policy policy;

    @Inject
    ApiConfig config;

    /** 200 with the new attachment in detail, as Cinder answers. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Map<String, Object>> create(JsonNode body) {
        Microversions.require(request.version(), Microversions.NEW_ATTACH);
        policy.authorize(request.caller(), Policy.ATTACHMENT_CREATE);
        return attachments.create(request.caller(), AttachmentRequests.create(body, request.version()))
                .map(attachment -> Map.of("attachment", AttachmentView.detail(attachment)));
    }

    @GET
    public Uni<Map<String, Object>> list(UriInfo uri) {
        return page(uri, AttachmentView::summary);
    }

    @GET
    @Path("detail")
    public Uni<Map<String, Object>> detail(UriInfo uri) {
        return page(uri, AttachmentView::detail);
    }

    @GET
    @Path("{id}")
    public Uni<Map<String, Object>> show(@PathParam("id") String id) {
        Microversions.require(request.version(), Microversions.NEW_ATTACH);
        return attachments.show(request.caller(), attachmentId(id))
                .map(attachment -> Map.of("attachment", AttachmentView.detail(attachment)));
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Map<String, Object>> update(@PathParam("id") String id, JsonNode body) {
        Microversions.require(request.version(), Microversions.NEW_ATTACH);
        policy.authorize(request.caller(), Policy.ATTACHMENT_UPDATE);
        Map<String, Object> connector = AttachmentRequests.connector(body);
        return attachments.update(request.caller(), attachmentId(id), connector)
                .map(attachment -> Map.of("attachment", AttachmentView.detail(attachment)));
    }

    /** 200 with the volume's remaining attachments, as Cinder answers. */
    @DELETE
    @Path("{id}")
    public Uni<Map<String, Object>> delete(@PathParam("id") String id) {
        Microversions.require(request.version(), Microversions.NEW_ATTACH);
        policy.authorize(request.caller(), Policy.ATTACHMENT_DELETE);
        return attachments.delete(request.caller(), attachmentId(id))
                .map(remaining -> Map.of("attachments", remaining.stream().map(AttachmentView::summary).toList()));
    }

    /** os-complete (3.44+): 204. */
    @POST
    @Path("{id}/action")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<Void>> act(@PathParam("id") String id, JsonNode body) {
        Microversions.require(request.version(), Microversions.NEW_ATTACH);
        String action = AttachmentRequests.actionOf(body);
        if (!COMPLETE.equals(action)) {
            throw ApiException.badRequest("There is no such action: " + action);
        }
        Microversions.require(request.version(), Microversions.NEW_ATTACH_COMPLETION);
        policy.authorize(request.caller(), Policy.ATTACHMENT_COMPLETE);
        return attachments.complete(request.caller(), attachmentId(id)).map(done -> RestResponse.noContent());
    }

    private Uni<Map<String, Object>> page(UriInfo uri, Function<VolumeAttachment, Map<String, Object>> render) {
        Microversions.require(request.version(), Microversions.NEW_ATTACH);
        AttachmentListParams params = AttachmentListParams.parse(uri.getQueryParameters(), request.caller(),
                config.maxListLimit());
        return attachments.list(params.query()).map(found -> {
            List<Map<String, Object>> items = found.stream().map(render).toList();
            return Map.of("attachments", items);
        });
    }

    /** A malformed id names no attachment. */
    private static UUID attachmentId(String id) {
        UUID parsed = Uuids.parse(id);
        if (parsed == null) {
            throw AttachmentService.notFound(id);
        }
        return parsed;
    }
}
