package org.replication.v3.api.cinderservice.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.RestResponse;
import org.replication.v3.api.auth.Caller;
import org.replication.v3.api.auth.Policy;
import org.replication.v3.api.cinderservice.CinderService;
import org.replication.v3.api.cinderservice.mapping.ServiceView;
import org.replication.v3.api.cinderservice.service.EnableRequest;
import org.replication.v3.api.cinderservice.service.ServiceAdmin;
import org.replication.v3.api.cinderservice.service.ServiceFailover;
import org.replication.v3.api.config.ApiConfig;
import org.replication.v3.api.error.ApiException;
import org.replication.v3.api.http.ApiPaths;
import org.replication.v3.api.http.ApiRequest;
import org.replication.v3.api.version.ApiVersion;
import org.replication.v3.api.version.Microversions;

/** Cinder's os-services API (admin only): list services, enable / disable, freeze / thaw, failover. */
@Path(ApiPaths.PROJECT_SCOPED + "os-services")
@Produces(MediaType.APPLICATION_JSON)
public class ServiceResource {

    private final ServiceAdmin admin;
    private final ServiceFailover serviceFailover;
    private final ApiRequest request;
    private final Policy policy;
    private final Duration downTime;

    public ServiceResource(ServiceAdmin admin, ServiceFailover serviceFailover, ApiRequest request, Policy policy,
            ApiConfig config) {
        this.admin = admin;
        this.serviceFailover = serviceFailover;
        this.request = request;
        this.policy = policy;
        this.downTime = config.serviceDownTime();
    }

    @GET
    public Uni<Map<String, Object>> list(@QueryParam("binary") String binary, @QueryParam("host") String host) {
        policy.authorize(request.caller(), Policy.SERVICES_INDEX);
        ApiVersion version = request.version();
        Instant now = Instant.now();
        return admin.backendStates(now, downTime).flatMap(states -> admin.list(binary, host).map(services -> {
            List<Map<String, Object>> views = new ArrayList<>(services.size());
            for (CinderService service : services) {
                views.add(ServiceView.of(service, version, now, downTime, states.get(service.host)));
            }
            return Map.of("services", views);
        }));
    }

    /** Cinder routes every operation as {@code PUT os-services/<action>}. */
    @PUT
    @Path("{action}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<Object>> update(@PathParam("action") String action, JsonNode body) {
        Caller caller = request.caller();
        ApiVersion version = request.version();
        policy.authorize(caller, Policy.SERVICES_UPDATE);
        return switch (action) {
            case "enable" -> setDisabled(caller, ServiceRequests.enableOrDisable(body, version, false), false, true);
            case "disable" -> setDisabled(caller, ServiceRequests.enableOrDisable(body, version, false), true, false);
            case "disable-log-reason" ->
                    setDisabled(caller, ServiceRequests.enableOrDisable(body, version, true), true, true);
            case "freeze" -> {
                policy.authorize(caller, Policy.FREEZE_HOST);
                yield admin.freeze(caller, ServiceRequests.freezeOrThaw(body, version)).map(done -> RestResponse.ok());
            }
            case "thaw" -> {
                policy.authorize(caller, Policy.THAW_HOST);
                yield admin.thaw(caller, ServiceRequests.freezeOrThaw(body, version)).map(done -> RestResponse.ok());
            }
            case "failover_host" -> failover(caller, body, version);
            case "failover" -> {
                if (!version.atLeast(Microversions.REPLICATION_CLUSTER)) {
                    throw unknownAction();
                }
                yield failover(caller, body, version);
            }
            default -> throw unknownAction();
        };
    }

    private Uni<RestResponse<Object>> setDisabled(Caller caller, EnableRequest parsed, boolean disabled,
            boolean showReason) {
        return admin.setDisabled(caller, parsed, disabled).map(service -> RestResponse.ok(
                ServiceView.updated(service, parsed.binary(), parsed.service(), showReason)));
    }

    /** Cinder answers an accepted failover 202 with no body; the operation runs on. */
    private Uni<RestResponse<Object>> failover(Caller caller, JsonNode body, ApiVersion version) {
        policy.authorize(caller, Policy.FAILOVER_HOST);
        ServiceRequests.FailoverHostRequest parsed = ServiceRequests.failover(body, version);
        return serviceFailover.failover(caller, parsed.target(), parsed.backendId())
                .map(accepted -> RestResponse.accepted());
    }

    private static ApiException unknownAction() {
        return ApiException.invalidInput("Unknown action");
    }
}
