package org.replication.v3.api.http;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** The API behind a configured public endpoint (Cinder's public_endpoint), with a trailing slash as operators write it. */
public class PublicEndpointProfile implements QuarkusTestProfile {

    static final String ENDPOINT = "https://volume.example.com:8776";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("api.public-endpoint", ENDPOINT + "/");
    }
}
