package org.replication.v3.array.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.replication.v3.array.volume.ArrayException;

/** Every failure as a Cinder-style fault: {@code {"<kind>": {"code": n, "message": "..."}}}. */
public class Faults {

    private static final Logger LOG = Logger.getLogger(Faults.class);

    static Response response(int status, String kind, String message) {
        return response(status, kind, message, Map.of());
    }

    static Response response(int status, String kind, String message, Map<String, Object> details) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", status);
        body.put("message", message);
        body.putAll(details);
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(Map.of(kind, body)).build();
    }

    @ServerExceptionMapper
    public Response array(ArrayException e) {
        return response(e.status(), e.kind(), e.getMessage(), e.details());
    }

    @ServerExceptionMapper
    public Response badJson(JsonProcessingException e) {
        return response(400, "badRequest", "the body is not valid JSON for this request: " + e.getOriginalMessage());
    }

    /** Quarkus maps this one itself otherwise, without saying which field was wrong. */
    @ServerExceptionMapper
    public Response badJsonValue(MismatchedInputException e) {
        return badJson(e);
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return response(404, "itemNotFound", "no such resource on this array");
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return badJson(json);
        }
        int status = e.getResponse().getStatus();
        return response(status, status == 400 ? "badRequest" : "error", e.getMessage());
    }

    @ServerExceptionMapper
    public Response io(IOException e) {
        LOG.warnf("array I/O failed: %s", e.getMessage());
        return response(503, "serviceUnavailable", "the array's disk failed: " + e.getMessage());
    }
}
