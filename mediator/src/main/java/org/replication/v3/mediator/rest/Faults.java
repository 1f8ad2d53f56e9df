package org.replication.v3.mediator.rest;

import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every failure as a Cinder-style fault: {@code {"<kind>": {"code": n, "message": "..."}}}. */
public class Faults {

    static Response response(int status, String kind, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", status);
        body.put("message", message);
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(Map.of(kind, body)).build();
    }

    @ServerExceptionMapper
    public Response badRequest(IllegalArgumentException e) {
        return response(400, "badRequest", e.getMessage());
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return response(404, "itemNotFound", "no such resource on the mediator");
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        return response(status, status == 400 ? "badRequest" : "error", e.getMessage());
    }
}
