package org.replication.v3.api.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.replication.v3.common.database.BackingServiceDown;

/** Turns every failure of a request into Cinder's JSON fault body, so clients parse errors the same way everywhere. */
public class FaultMappers {

    private static final Logger LOG = Logger.getLogger(FaultMappers.class);

    static final String DATABASE_DOWN = "The volume API's database is unavailable; nothing was changed. Retry later.";
    static final String DATABASE_LOST = "The volume API lost its database while handling this request, which may or"
            + " may not have taken effect: look before you retry.";
    /** Seconds a client should wait before retrying while a backing service is down. */
    static final int RETRY_AFTER_SECONDS = 5;

    /** What Cinder's router (webob) answers for a path it has no route for; it is not a fault body. */
    private static final Map<String, String> UNKNOWN_PATH = unknownPath();

    @ServerExceptionMapper
    public RestResponse<Object> refused(ApiException e) {
        return fault(e.fault(), e.getMessage());
    }

    @ServerExceptionMapper
    public RestResponse<Object> framework(WebApplicationException e, HttpServerRequest request) {
        if (e instanceof NotFoundException) {
            return RestResponse.ResponseBuilder.create(RestResponse.Status.NOT_FOUND, (Object) UNKNOWN_PATH)
                    .type(MediaType.APPLICATION_JSON_TYPE).build();
        }
        if (e instanceof NotAllowedException) {
            return fault(Fault.BAD_METHOD, "The method " + request.method() + " is not allowed for this resource.");
        }
        if (e.getCause() instanceof JsonProcessingException) {
            return fault(Fault.BAD_REQUEST, "Malformed request body");
        }
        if (e instanceof NotSupportedException) {
            return fault(Fault.BAD_MEDIA_TYPE, "Unsupported Content-Type");
        }
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            LOG.errorf(e, "%s %s failed", request.method(), request.path());
        }
        return fault(Fault.forStatus(status), e.getMessage());
    }

    @ServerExceptionMapper
    public RestResponse<Object> unexpected(Throwable e, HttpServerRequest request) {
        if (BackingServiceDown.is(e)) {
            boolean inDoubt = BackingServiceDown.lostMidway(e);
            LOG.warnf("%s %s: the database is unavailable%s: %s", request.method(), request.path(),
                    inDoubt ? " (lost under the request, which may have taken effect)" : "", e);
            return RestResponse.ResponseBuilder.create(RestResponse.Status.SERVICE_UNAVAILABLE,
                            (Object) Fault.SERVICE_UNAVAILABLE.body(inDoubt ? DATABASE_LOST : DATABASE_DOWN))
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
                    .build();
        }
        LOG.errorf(e, "%s %s failed", request.method(), request.path());
        return fault(Fault.INTERNAL,
                "The server has either erred or is incapable of performing the requested operation.");
    }

    static RestResponse<Object> fault(Fault fault, String message) {
        return RestResponse.ResponseBuilder.create(RestResponse.Status.fromStatusCode(fault.status()),
                        (Object) fault.body(message))
                .type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    private static Map<String, String> unknownPath() {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("message", "The resource could not be found.<br /><br />\n\n\n");
        body.put("code", "404 Not Found");
        body.put("title", "Not Found");
        return body;
    }
}
