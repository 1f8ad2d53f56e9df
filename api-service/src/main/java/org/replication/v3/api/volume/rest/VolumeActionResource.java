package org.replication.v3.api.volume.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestResponse;
import org.replication.v3.api.auth.Caller;
import org.replication.v3.api.auth.Policy;
import org.replication.v3.api.error.ApiException;
import org.replication.v3.api.http.ApiPaths;
import org.replication.v3.api.http.ApiRequest;
import org.replication.v3.api.validation.Uuids;
import org.replication.v3.api.volume.mapping.VolumeView;
import org.replication.v3.api.volume.service.VolumeActionService;
import org.replication.v3.api.volume.service.VolumeService;

/**
 * Cinder's volume actions: {@code POST /v3/[{project_id}/]volumes/{id}/action} with a body naming one action. Each
 * answers 202 with no body. The body is read before the volume, as Cinder validates before it looks.
 */
@Path(ApiPaths.PROJECT_SCOPED + VolumeView.COLLECTION + "/{id}/action")
@Produces(MediaType.APPLICATION_JSON)
public class VolumeActionResource {

    @Inject
    VolumeActionService actions;

    @Inject
    ApiRequest request;

    @Inject
    Policy policy;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<Void>> act(@PathParam("id") String id, JsonNode body) {
        Caller caller = request.caller();
        String action = VolumeActionRequests.actionOf(body);
        String rule = ruleOf(action);
        if (rule != null) {
            policy.authorize(caller, rule);
        }
        Uni<Void> done = switch (action) {
            case "os-reset_status" -> actions.resetStatus(caller, volumeId(id), VolumeActionRequests.reset(body));
            case "os-attach" -> actions.attach(caller, volumeId(id), VolumeActionRequests.attach(body));
            case "os-begin_detaching" -> actions.beginDetaching(caller, volumeId(id));
            case "os-roll_detaching" -> actions.rollDetaching(caller, volumeId(id));
            case "os-detach" -> actions.detach(caller, volumeId(id), VolumeActionRequests.detach(body));
            case "os-extend" -> actions.extend(caller, volumeId(id), VolumeActionRequests.extend(body),
                    request.version());
            default -> throw ApiException.badRequest("There is no such action: " + action);
        };
        return done.map(nothing -> RestResponse.accepted());
    }

    /** Each action's rule; none for an unknown action, which is refused as unknown. */
    private static String ruleOf(String action) {
        return switch (action) {
            case "os-reset_status" -> Policy.VOLUME_RESET_STATUS;
            case "os-attach" -> Policy.VOLUME_ATTACH;
            case "os-begin_detaching" -> Policy.VOLUME_BEGIN_DETACHING;
            case "os-roll_detaching" -> Policy.VOLUME_ROLL_DETACHING;
            case "os-detach" -> Policy.VOLUME_DETACH;
            case "os-extend" -> Policy.VOLUME_EXTEND;
            default -> null;
        };
    }

    private static UUID volumeId(String id) {
        UUID parsed = Uuids.parse(id);
        if (parsed == null) {
            throw VolumeService.notFound(id);
        }
        return parsed;
    }
}
