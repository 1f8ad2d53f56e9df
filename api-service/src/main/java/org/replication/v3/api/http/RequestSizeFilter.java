package org.replication.v3.api.http;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import org.replication.v3.api.config.ApiConfig;
import org.replication.v3.api.error.Fault;

/**
 * Refuses a request line or headers over the API's limits with a Cinder fault body (414, 431). The HTTP decoder's
 * own limits ({@code quarkus.http.limits.max-initial-line-length}, {@code max-header-size}) are set well above these:
 * the decoder answers with an empty body and Quarkus offers no hook into it, so only a request past both limits
 * still gets that bare status.
 */
@ApplicationScoped
public class RequestSizeFilter {

    /** The space, the space and " HTTP/1.1" around the target in a request line. */
    private static final int REQUEST_LINE_FRAMING = 11;
    /** ": " and CRLF around each header line. */
    private static final int HEADER_FRAMING = 4;

    private final int maxRequestLine;
    private final long maxHeaderSize;
    private final FaultWriter faults;

    public RequestSizeFilter(ApiConfig config, FaultWriter faults) {
        this.maxRequestLine = config.http().maxRequestLine();
        this.maxHeaderSize = config.http().maxHeaderSize().asLongValue();
        this.faults = faults;
    }

    void register(@Observes Filters filters) {
        filters.register(this::check, FilterPriorities.REQUEST_SIZE);
    }

    void check(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        if (request.method().name().length() + request.uri().length() + REQUEST_LINE_FRAMING > maxRequestLine) {
            faults.write(rc, Fault.URI_TOO_LONG, "The request line is longer than " + maxRequestLine + " bytes.");
            return;
        }
        long headers = 0;
        for (Map.Entry<String, String> header : request.headers()) {
            headers += header.getKey().length() + header.getValue().length() + HEADER_FRAMING;
        }
        if (headers > maxHeaderSize) {
            faults.write(rc, Fault.HEADERS_TOO_LARGE,
                    "The request headers are larger than " + maxHeaderSize + " bytes.");
            return;
        }
        rc.next();
    }
}
