package org.replication.v3.api.volume.rest;

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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;
import org.jboss.resteasy.reactive.RestResponse;
import org.replication.v3.api.auth.Caller;
import org.replication.v3.api.auth.Policy;
import org.replication.v3.api.config.ApiConfig;
import org.replication.v3.api.error.ApiException;
import org.replication.v3.api.http.ApiPaths;
import org.replication.v3.api.http.ApiRequest;
import org.replication.v3.api.http.Link;
import org.replication.v3.api.validation.CinderSchema;
import org.replication.v3.api.validation.Uuids;
import org.replication.v3.api.volume.Volume;
import org.replication.v3.api.volume.mapping.VolumeView;
import org.replication.v3.api.volume.repository.VolumeReads;
import org.replication.v3.api.volume.service.VolumeEdit;
import org.replication.v3.api.volume.service.VolumeMetadataService;
import org.replication.v3.api.volume.service.VolumePage;
import org.replication.v3.api.volume.service.VolumeService;

/** Cinder's volumes API: {@code /v3/[{project_id}/]volumes}. */
@Path(ApiPaths.PROJECT_SCOPED + VolumeView.COLLECTION)
@Produces(MediaType.APPLICATION_JSON)
public class VolumeResource {

    @Inject
    VolumeService volumes;

    @Inject
    ApiRequest request;

    @Inject
    Policy policy;

    @Inject
    ApiConfig config;

    @Inject
    VolumeMetadataService editor;

    /** Records the volume as {@code creating} and asks the scheduler to place it; 202 with the new volume. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<Map<String, Object>>> create(JsonNode body) {
        policy.authorize(request.caller(), Policy.VOLUME_CREATE);
        VolumeView.Context view = VolumeView.Context.of(request, policy, config);
        return volumes.create(request.caller(), VolumeRequests.create(body, request.version()))
                .map(volume -> RestResponse.accepted(Map.of("volume", VolumeView.created(volume, view))));
    }

    @GET
    public Uni<Map<String, Object>> list(UriInfo uri) {
        return page(uri, VolumeView.COLLECTION, false, VolumeView::summary);
    }

    @GET
    @Path("detail")
    public Uni<Map<String, Object>> detail(UriInfo uri) {
        return page(uri, VolumeView.COLLECTION + "/detail", true, VolumeView::detail);
    }

    @GET
    @Path("{id}")
    public Uni<Map<String, Object>> show(@PathParam("id") String id) {
        VolumeView.Context view = VolumeView.Context.of(request, policy, config);
        return volumes.show(request.caller(), volumeId(id), view.detailFields())
                .map(volume -> Map.of("volume", VolumeView.detail(volume, view)));
    }

    /**
     * 202: the volume is gone at once if no backend holds it, otherwise {@code deleting} until its backend is done.
     * {@code cascade} (delete the volume's snapshots too) is accepted and changes nothing: no snapshots exist here.
     */
    @DELETE
    @Path("{id}")
    public Uni<RestResponse<Void>> delete(@PathParam("id") String id, @QueryParam("cascade") String cascade) {
        policy.authorize(request.caller(), Policy.VOLUME_DELETE);
        if (cascade != null) {
            CinderSchema.parseBoolean(cascade.trim()).orElseThrow(() ->
                    ApiException.badRequest("Value '" + cascade + "' for 'cascade' is not a boolean."));
        }
        return volumes.delete(request.caller(), volumeId(id)).map(done -> RestResponse.accepted());
    }

    /** Name, description and metadata; 200 with the volume as show gives it. */
    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Map<String, Object>> update(@PathParam("id") String id, JsonNode body) {
        policy.authorize(request.caller(), Policy.VOLUME_UPDATE);
        VolumeView.Context view = VolumeView.Context.of(request, policy, config);
        VolumeEdit edit = VolumeEditRequests.edit(body, request.version());
        return editor.update(request.caller(), volumeId(id), edit)
                .map(volume -> Map.of("volume", VolumeView.detail(volume, view)));
    }

    private Uni<Map<String, Object>> page(UriInfo uri, String path, boolean detail,
            BiFunction<Volume, VolumeView.Context, Map<String, Object>> render) {
        Caller caller = request.caller();
        VolumeView.Context view = VolumeView.Context.of(request, policy, config);
        VolumeListParams params = VolumeListParams.parse(uri.getQueryParameters(), request.version(), caller, policy,
                config.maxListLimit());
        Uni<VolumePage> page = params.empty()
                ? Uni.createFrom().item(new VolumePage(List.of(), params.withCount() ? 0L : null))
                : volumes.list(caller, params.query(), params.withCount(),
                        detail ? view.detailFields() : VolumeReads.Fields.SUMMARY);
        String nextBase = view.links().collection(path);
        return page.map(found -> {
            List<Map<String, Object>> items = new ArrayList<>(found.volumes().size());
            for (Volume volume : found.volumes()) {
                items.add(render.apply(volume, view));
            }
            Map<String, Object> body = new LinkedHashMap<>(4);
            body.put("volumes", items);
            if (!found.volumes().isEmpty() && found.volumes().size() == params.query().limit()) {
                Volume last = found.volumes().get(found.volumes().size() - 1);
                body.put("volumes_links", List.of(new Link("next", next(nextBase, uri, last.id))));
            }
            if (found.count() != null) {
                body.put("count", found.count());
            }
            return body;
        });
    }

    /** The same query with the last volume of this page as marker, as Cinder builds its next links. */
    private static String next(String base, UriInfo uri, UUID last) {
        StringBuilder query = new StringBuilder();
        String raw = uri.getRequestUri().getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                if (!pair.isEmpty() && !pair.startsWith("marker=")) {
                    query.append(pair).append('&');
                }
            }
        }
        return base + "?" + query + "marker=" + last;
    }

    /** Someone else's id and a malformed one alike name no volume. */
    private static UUID volumeId(String id) {
        UUID parsed = Uuids.parse(id);
        if (parsed == null) {
            throw VolumeService.notFound(id);
        }
        return parsed;
    }
}
