package org.replication.v3.api.volume.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.jboss.resteasy.reactive.RestResponse;
import org.replication.v3.api.auth.Policy;
import org.replication.v3.api.http.ApiPaths;
import org.replication.v3.api.http.ApiRequest;
import org.replication.v3.api.validation.Uuids;
import org.replication.v3.api.version.Microversions;
import org.replication.v3.api.volume.mapping.VolumeView;
import org.replication.v3.api.volume.service.MetadataChanged;
import org.replication.v3.api.volume.service.VolumeMetadataService;
import org.replication.v3.api.volume.service.VolumeService;

/**
 * Cinder's volume metadata: {@code /v3/[{project_id}/]volumes/{id}/metadata}. POST merges into the metadata, PUT
 * replaces it; both answer the whole metadata. One item is read and written as {@code {"meta": {key: value}}}.
 * From 3.15 the metadata carries an ETag and PUTs honour {@code If-Match}.
 */
@Path(ApiPaths.PROJECT_SCOPED + VolumeView.COLLECTION + "/{id}/metadata")
@Produces(MediaType.APPLICATION_JSON)
public class VolumeMetadataResource {

    @Inject
    VolumeMetadataService metadata;

    @Inject
    ApiRequest request;

    @Inject
    Policy policy;

    /** From 3.15 with an ETag, for a later conditional write ({@code If-Match}). */
    @GET
    public Uni<RestResponse<Map<String, Object>>> list(@PathParam("id") String id) {
        boolean etag = request.version().atLeast(Microversions.ETAGS);
        return metadata.metadata(request.caller(), volumeId(id)).map(found -> {
            RestResponse.ResponseBuilder<Map<String, Object>> response =
                    RestResponse.ResponseBuilder.ok(Map.of("metadata", found));
            if (etag) {
                response.header(HttpHeaders.ETAG, MetadataEtag.of(found));
            }
            return response.build();
        });
    }

    /** Cinder checks If-Match on PUT only; a POST always merges. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Map<String, Object>> merge(@PathParam("id") String id, JsonNode body) {
        policy.authorize(request.caller(), Policy.VOLUME_METADATA_CREATE);
        Map<String, String> given = VolumeEditRequests.metadata(body);
        return metadata.merge(request.caller(), volumeId(id), given, any -> true).map(all -> Map.of("metadata", all));
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<Map<String, Object>>> replace(@PathParam("id") String id,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, JsonNode body) {
        policy.authorize(request.caller(), Policy.VOLUME_METADATA_UPDATE);
        Map<String, String> given = VolumeEditRequests.metadata(body);
        return conditional(metadata.replace(request.caller(), volumeId(id), given, unchanged(ifMatch))
                .map(all -> Map.of("metadata", all)));
    }

    @GET
    @Path("{key}")
    public Uni<Map<String, Object>> show(@PathParam("id") String id, @PathParam("key") String key) {
        UUID volume = volumeId(id);
        return metadata.metadata(request.caller(), volume).map(found -> {
            if (!found.containsKey(key)) {
                throw VolumeMetadataService.noSuchKey(volume, key);
            }
            return Map.of("meta", Map.of(key, found.get(key)));
        });
    }

    /** Sets one item; answers the item, as Cinder does. */
    @PUT
    @Path("{key}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<Map<String, Object>>> set(@PathParam("id") String id, @PathParam("key") String key,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, JsonNode body) {
        policy.authorize(request.caller(), Policy.VOLUME_METADATA_UPDATE);
        Map<String, String> item = VolumeEditRequests.item(body, key);
        return conditional(metadata.merge(request.caller(), volumeId(id), item, unchanged(ifMatch))
                .map(all -> Map.of("meta", item)));
    }

    /** 200 with no body, as Cinder answers. */
    @DELETE
    @Path("{key}")
    public Uni<RestResponse<Void>> delete(@PathParam("id") String id, @PathParam("key") String key) {
        policy.authorize(request.caller(), Policy.VOLUME_METADATA_DELETE);
        return metadata.deleteKey(request.caller(), volumeId(id), key).map(done -> RestResponse.ok());
    }

    /** If-Match counts from 3.15, as Cinder's ETags do. */
    private Predicate<Map<String, String>> unchanged(String ifMatch) {
        if (!request.version().atLeast(Microversions.ETAGS)) {
            return any -> true;
        }
        return current -> MetadataEtag.admits(ifMatch, current);
    }

    /** 200 with the answer, or 412 with no body when If-Match no longer held, as Cinder answers. */
    private static Uni<RestResponse<Map<String, Object>>> conditional(Uni<Map<String, Object>> write) {
        return write.map(RestResponse::ok)
                .onFailure(MetadataChanged.class)
                .recoverWithItem(changed -> RestResponse.status(RestResponse.Status.PRECONDITION_FAILED));
    }

    private static UUID volumeId(String id) {
        UUID parsed = Uuids.parse(id);
        if (parsed == null) {
            throw VolumeService.notFound(id);
        }
        return parsed;
    }
}
