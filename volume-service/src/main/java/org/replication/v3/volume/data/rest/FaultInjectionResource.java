package org.replication.v3.volume.data.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.replication.v3.common.replication.ReplicationTarget;
import org.replication.v3.volume.backend.Backend;
import org.replication.v3.volume.backend.Backends;
import org.replication.v3.volume.driver.filearray.FileArrayReplication;
import org.replication.v3.volume.driver.filearray.replication.ArraySite;
import org.replication.v3.volume.driver.filearray.replication.ReplicationLink;

/**
 * Fault injection for tests and drills: take an array down, cut or slow a replication link. The reference driver
 * then behaves as it would with a real lost array or link, mediator included. Callers need the admin token, and the
 * service refuses it all unless {@code volume.fault-injection.enabled} ({@link AdminToken}).
 */
@Path("/v1/faults")
@Produces(MediaType.APPLICATION_JSON)
public class FaultInjectionResource {

    private static final Logger LOG = Logger.getLogger(FaultInjectionResource.class);

    /** An array's state. */
    public record ArrayFault(Boolean up) {
    }

    /** A link's state; delay_ms slows every transfer. */
    public record LinkFault(Boolean up, @JsonProperty("delay_ms") Long delayMs) {
    }

    private final Backends backends;

    public FaultInjectionResource(Backends backends) {
        this.backends = backends;
    }

    @GET
    public Map<String, Object> state() {
        // By name: an array that is one backend's and another's target is listed once.
        Map<String, Map<String, Object>> arrays = new LinkedHashMap<>();
        List<Map<String, Object>> links = new ArrayList<>();
        for (Backend backend : backends.all()) {
            replication(backend).ifPresent(replication -> {
                arrays.putIfAbsent(replication.primarySite().name(), describe(replication.primarySite()));
                for (ReplicationTarget target : replication.targets()) {
                    replication.site(target.backendId())
                            .ifPresent(site -> arrays.putIfAbsent(site.name(), describe(site)));
                    replication.link(target.backendId()).ifPresent(link -> links.add(Map.of("name", link.name(),
                            "backend", backend.name(), "target", target.backendId(), "up", link.up(),
                            "delay_ms", link.delay().toMillis())));
                }
            });
        }
        return Map.of("faults", Map.of("arrays", List.copyOf(arrays.values()), "links", links));
    }

    @PUT
    @Path("arrays/{name}")
    public Response array(@PathParam("name") String name, ArrayFault fault) {
        if (fault == null || fault.up() == null) {
            return VolumeDataResource.fault(Response.Status.BAD_REQUEST, "badRequest", "body must be {\"up\": true|false}");
        }
        for (Backend backend : backends.all()) {
            Optional<ArraySite> site = replication(backend).flatMap(r -> r.site(name));
            if (site.isPresent()) {
                site.get().setUp(fault.up());
                LOG.warnf("fault injection: array %s is %s", name, fault.up() ? "up" : "DOWN");
                return Response.ok(Map.of("array", describe(site.get()))).build();
            }
        }
        return VolumeDataResource.fault(Response.Status.NOT_FOUND, "itemNotFound", "no array " + name + " here");
    }

    @PUT
    @Path("links/{backend}/{target}")
    public Response link(@PathParam("backend") String backendName, @PathParam("target") String target,
            LinkFault fault) {
        if (fault == null || fault.up() == null && fault.delayMs() == null
                || fault.delayMs() != null && fault.delayMs() < 0) {
            return VolumeDataResource.fault(Response.Status.BAD_REQUEST, "badRequest",
                    "body must be {\"up\": true|false, \"delay_ms\": n >= 0} (either or both)");
        }
        Optional<ReplicationLink> link = backends.all().stream().filter(b -> b.name().equals(backendName))
                .findFirst().flatMap(this::replication).flatMap(r -> r.link(target));
        if (link.isEmpty()) {
            return VolumeDataResource.fault(Response.Status.NOT_FOUND, "itemNotFound",
                    "no replication link from " + backendName + " to " + target + " here");
        }
        if (fault.up() != null) {
            link.get().setUp(fault.up());
        }
        if (fault.delayMs() != null) {
            link.get().setDelay(Duration.ofMillis(fault.delayMs()));
        }
        LOG.warnf("fault injection: link %s is %s, delay %d ms", link.get().name(), link.get().up() ? "up" : "CUT",
                link.get().delay().toMillis());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", link.get().name());
        body.put("up", link.get().up());
        body.put("delay_ms", link.get().delay().toMillis());
        return Response.ok(Map.of("link", body)).build();
    }

    private Optional<FileArrayReplication> replication(Backend backend) {
        return backend.replication().filter(FileArrayReplication.class::isInstance)
                .map(FileArrayReplication.class::cast);
    }

    private static Map<String, Object> describe(ArraySite site) {
        return Map.of("name", site.name(), "up", site.up());
    }
}
