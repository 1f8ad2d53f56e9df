package org.replication.v3.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Applies {@link ControlCharacters} in one place to everything a request carries to the database: every JSON body
 * as it is read, and the decoded path and query parameters before the resource runs. Nothing is written before.
 */
@Provider
public class ControlCharacterChecks implements ReaderInterceptor {

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        Object body = context.proceed();
        if (body instanceof JsonNode json) {
            ControlCharacters.check(json);
        }
        return body;
    }

    /** After authentication, so an anonymous caller still gets 401 first. */
    @ServerRequestFilter(priority = Priorities.USER)
    public void checkParameters(ContainerRequestContext context) {
        check("path", context.getUriInfo().getPathParameters(true));
        check("query", context.getUriInfo().getQueryParameters(true));
    }

    private static void check(String kind, MultivaluedMap<String, String> parameters) {
        for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
            ControlCharacters.checkParameter(kind, parameter.getKey(), parameter.getValue());
        }
    }
}
