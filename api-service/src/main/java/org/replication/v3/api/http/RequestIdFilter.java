package org.replication.v3.api.http;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Gives every response Cinder's request id headers ({@code req-<uuid>}); cinderclient shows
 * {@code x-compute-request-id} with each error, so operators can find the request in the logs.
 */
@ApplicationScoped
public class RequestIdFilter {

    private static final String DATA_KEY = "api.request-id";
    private static final CharSequence OPENSTACK_REQUEST_ID = HttpHeaders.createOptimized("x-openstack-request-id");
    private static final CharSequence COMPUTE_REQUEST_ID = HttpHeaders.createOptimized("x-compute-request-id");

    void register(@Observes Filters filters) {
        filters.register(this::assign, FilterPriorities.REQUEST_ID);
    }

    void assign(RoutingContext rc) {
        String id = newId();
        rc.put(DATA_KEY, id);
        rc.response().putHeader(OPENSTACK_REQUEST_ID, id).putHeader(COMPUTE_REQUEST_ID, id);
        rc.next();
    }

    public static String of(RoutingContext rc) {
        return rc.get(DATA_KEY);
    }

    /** A random (version 4) UUID; request ids are not secrets, so this skips SecureRandom's lock on the hot path. */
    private static String newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return "req-" + new UUID(high, low);
    }
}
