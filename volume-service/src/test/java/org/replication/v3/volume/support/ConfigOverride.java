package org.replication.v3.volume.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** A test profile that changes one property: a subclass names it and its value in its constructor. */
public abstract class ConfigOverride implements QuarkusTestProfile {

    private final Map<String, String> overrides;

    protected ConfigOverride(String key, String value) {
        this.overrides = Map.of(key, value);
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return overrides;
    }
}
