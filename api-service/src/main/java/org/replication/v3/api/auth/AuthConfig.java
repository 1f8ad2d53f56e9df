package org.replication.v3.api.auth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** How callers are identified (Cinder's {@code auth_strategy}) and, for Keystone, how tokens are checked. */
@ConfigMapping(prefix = "api.auth")
public interface AuthConfig {

    /** {@code noauth} (the caller is who the token says) or {@code keystone} (tokens are validated). */
    @WithDefault("noauth")
    Strategy strategy();

    Keystone keystone();

    enum Strategy {
        NOAUTH,
        KEYSTONE
    }

    /** The Keystone v3 endpoint and this service's own credentials there (keystonemiddleware's settings). */
    interface Keystone {

        /** Keystone's base URL, with or without the trailing {@code /v3}. */
        Optional<String> url();

        /** The service user that validates tokens (it needs Keystone's service or admin role). */
        Optional<String> username();

        Optional<String> password();

        @WithDefault("Default")
        String userDomainName();

        @WithDefault("service")
        String projectName();

        @WithDefault("Default")
        String projectDomainName();

        /** A validated token is reused for at most this long, and never past its own expiry. */
        @WithDefault("PT5M")
        Duration cacheTtl();

        /** How many validated tokens are kept; the least recently used is dropped first. */
        @WithDefault("10000")
        int cacheSize();

        /** Connect and response timeout of a call to Keystone. */
        @WithDefault("PT5S")
        Duration timeout();

        /** The service token is renewed this long before it expires, so that no validation uses a dying one. */
        @WithDefault("PT1M")
        Duration serviceTokenRenewal();
    }
}
