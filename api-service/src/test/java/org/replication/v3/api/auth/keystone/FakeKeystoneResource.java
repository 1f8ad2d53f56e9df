package org.replication.v3.api.auth.keystone;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** Starts the {@link FakeKeystone} and points keystone mode at it. */
public class FakeKeystoneResource implements QuarkusTestResourceLifecycleManager {

    private static FakeKeystone keystone;

    /** The running fake, for tests to issue tokens and read its counters. */
    public static FakeKeystone keystone() {
        return keystone;
    }

    @Override
    public Map<String, String> start() {
        try {
            keystone = new FakeKeystone();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of(
                "api.auth.strategy", "keystone",
                "api.auth.keystone.url", keystone.url() + "/v3",
                "api.auth.keystone.username", FakeKeystone.SERVICE_USER,
                "api.auth.keystone.password", FakeKeystone.SERVICE_PASSWORD,
                "api.auth.keystone.cache-ttl", KeystoneProfile.CACHE_TTL.toString());
    }

    @Override
    public void stop() {
        if (keystone != null) {
            keystone.stop();
            keystone = null;
        }
    }
}
