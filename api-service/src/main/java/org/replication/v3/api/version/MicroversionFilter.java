package org.replication.v3.api.version;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.replication.v3.api.error.Fault;
import org.replication.v3.api.http.FaultWriter;
import org.replication.v3.api.http.FilterPriorities;

/**
 * Negotiates the microversion of every API request as Cinder does: {@code OpenStack-API-Version: volume 3.x}
 * (or the legacy {@code X-OpenStack-Volume-API-Version: 3.x}), {@code latest} for the maximum, 3.0 without a
 * header; malformed is 400 and outside [min, max] is 406. The version is echoed with {@code Vary}, on errors too.
 */
@ApplicationScoped
public class MicroversionFilter {

    public static final String HEADER = "OpenStack-API-Version";
    public static final String LEGACY_HEADER = "X-OpenStack-Volume-API-Version";
    private static final String SERVICE_TYPE = "volume";
    private static final String DATA_KEY = "api.version";
    private static final CharSequence HEADER_NAME = HttpHeaders.createOptimized(HEADER);
    private static final CharSequence VARY = HttpHeaders.createOptimized("Vary");
    /** Quarkus' own endpoints (health, metrics, OpenAPI) are not part of the versioned API. */
    private static final String QUARKUS_PATHS = "/q/";

    private final FaultWriter faults;

    public MicroversionFilter(FaultWriter faults) {
        this.faults = faults;
    }

    void register(@Observes Filters filters) {
        filters.register(this::negotiate, FilterPriorities.MICROVERSION);
    }

    /** The version negotiated for this request; 3.0 where none was. */
    public static ApiVersion of(RoutingContext rc) {
        ApiVersion version = rc.get(DATA_KEY);
        return version == null ? ApiVersion.MIN : version;
    }

    void negotiate(RoutingContext rc) {
        if (rc.normalizedPath().startsWith(QUARKUS_PATHS)) {
            rc.next();
            return;
        }
        String requested = requested(rc.request());
        ApiVersion version;
        if (requested == null) {
            version = ApiVersion.MIN;
        } else if ("latest".equalsIgnoreCase(requested)) {
            version = ApiVersion.MAX;
        } else {
            try {
                version = ApiVersion.parse(requested);
            } catch (ApiVersion.InvalidVersionException e) {
                faults.write(rc, Fault.BAD_REQUEST, e.getMessage());
                return;
            }
            if (!version.supported()) {
                // Cinder echoes a refused version only when it is at least the minimum (3.99 yes, 2.0 no).
                if (version.atLeast(ApiVersion.MIN)) {
                    echo(rc, version);
                }
                faults.write(rc, Fault.NOT_ACCEPTABLE, "Version " + version + " is not supported by the API. Minimum is "
                        + ApiVersion.MIN + " and maximum is " + ApiVersion.MAX + ".");
                return;
            }
        }
        echo(rc, version);
        rc.put(DATA_KEY, version);
        rc.next();
    }

    /** The version text for the volume service, or null when the request names none. */
    private static String requested(HttpServerRequest request) {
        String header = request.getHeader(HEADER);
        if (header == null) {
            String legacy = request.getHeader(LEGACY_HEADER);
            return legacy == null ? null : legacy.trim();
        }
        // "volume 3.5" or a list for several services: "compute 2.1, volume 3.5"
        for (String entry : header.split(",")) {
            String[] parts = entry.trim().split("\\s+", 2);
            if (parts[0].equalsIgnoreCase(SERVICE_TYPE)) {
                return parts.length == 2 ? parts[1].trim() : "";
            }
        }
        return null;
    }

    private static void echo(RoutingContext rc, ApiVersion version) {
        rc.response().putHeader(HEADER_NAME, SERVICE_TYPE + " " + version).putHeader(VARY, HEADER_NAME);
    }
}
