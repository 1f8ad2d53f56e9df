package org.replication.v3.api.type.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.resteasy.reactive.RestResponse;
import org.replication.v3.api.auth.Policy;
import org.replication.v3.api.http.ApiPaths;
import org.replication.v3.api.http.ApiRequest;
import org.replication.v3.api.http.CinderTime;
import org.replication.v3.api.type.VolumeTypeEncryption;
import org.replication.v3.api.type.service.EncryptionSpec;
import org.replication.v3.api.type.service.VolumeTypeEncryptionService;

/**
 * Cinder's volume type encryption: {@code /v3/{project_id}/types/{id}/encryption}, admin only. The answers are
 * Cinder's: the create echoes the request with the spec's ids, the show is the stored spec unwrapped ({@code {}}
 * when the type has none).
 */
@Path(ApiPaths.PROJECT_SCOPED + "types/{id}/encryption")
@Produces(MediaType.APPLICATION_JSON)
public class EncryptionResource {

    private final VolumeTypeEncryptionService encryption;
    private final ApiRequest request;
    private final Policy policy;

    public EncryptionResource(VolumeTypeEncryptionService encryption, ApiRequest request, Policy policy) {
        this.encryption = encryption;
        this.request = request;
        this.policy = policy;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Map<String, Object>> create(@PathParam("id") String typeId, JsonNode body) {
        policy.authorize(request.caller(), Policy.TYPE_ENCRYPTION_CREATE);
        EncryptionSpec spec = EncryptionRequests.create(body);
        return encryption.create(typeId, spec).map(created -> {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("provider", created.provider);
            view.put("cipher", created.cipher);
            view.put("key_size", created.keySize);
            view.put("control_location", created.controlLocation);
            view.put("volume_type_id", created.volumeTypeId.toString());
            view.put("encryption_id", created.encryptionId.toString());
            return Map.of("encryption", view);
        });
    }

    @GET
    public Uni<Map<String, Object>> show(@PathParam("id") String typeId) {
        policy.authorize(request.caller(), Policy.TYPE_ENCRYPTION_GET);
        return encryption.show(typeId).map(spec -> spec == null ? Map.of() : stored(spec));
    }

    @DELETE
    @Path("{encryption_id}")
    public Uni<RestResponse<Void>> delete(@PathParam("id") String typeId,
            @PathParam("encryption_id") String encryptionId) {
        policy.authorize(request.caller(), Policy.TYPE_ENCRYPTION_DELETE);
        return encryption.delete(typeId).map(done -> RestResponse.accepted());
    }

    /** The stored spec as Cinder shows it, soft-delete columns included. */
    private static Map<String, Object> stored(VolumeTypeEncryption spec) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("volume_type_id", spec.volumeTypeId.toString());
        view.put("control_location", spec.controlLocation);
        view.put("deleted", false);
        view.put("created_at", CinderTime.format(spec.createdAt));
        view.put("updated_at", CinderTime.format(spec.updatedAt));
        view.put("encryption_id", spec.encryptionId.toString());
        view.put("key_size", spec.keySize);
        view.put("provider", spec.provider);
        view.put("deleted_at", null);
        view.put("cipher", spec.cipher);
        return view;
    }
}
