package org.replication.v3.api.http;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Starts the api-service with Quarkus's own URI check turned off, before the HTTP server reads the switch: that
 * check answers a malformed URI with an empty 400, and {@link RequestUriFilter} makes the same check with Cinder's
 * body instead.
 */
@QuarkusMain
public final class ApiServiceMain {

    static final String DISABLE_URI_VALIDATION = "vertx.disableURIValidation";

    private ApiServiceMain() {
    }

    public static void main(String... args) {
        System.setProperty(DISABLE_URI_VALIDATION, "true");
        Quarkus.run(args);
    }
}
