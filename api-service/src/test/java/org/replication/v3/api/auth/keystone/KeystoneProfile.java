package org.replication.v3.api.auth.keystone;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.time.Duration;
import java.util.List;

/** The API in keystone mode, against the fake Keystone; a short cache lifetime so that expiry can be watched. */
public class KeystoneProfile implements QuarkusTestProfile {

    static final Duration CACHE_TTL = Duration.ofSeconds(3);

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(FakeKeystoneResource.class));
    }
}
