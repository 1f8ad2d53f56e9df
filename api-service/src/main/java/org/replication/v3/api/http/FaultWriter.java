package org.replication.v3.api.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import org.replication.v3.api.error.Fault;

/** Answers with a Cinder fault from the HTTP filters, which run before (and outside) the REST layer's mappers. */
@ApplicationScoped
public class FaultWriter {

    private final ObjectMapper mapper;

    public FaultWriter(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public void write(RoutingContext rc, Fault fault, String message) {
        String body;
        try {
            body = mapper.writeValueAsString(fault.body(message));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("fault body cannot be serialized", e);
        }
        rc.response().setStatusCode(fault.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(body);
    }
}
