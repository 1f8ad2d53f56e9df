package org.replication.v3.volume.driver.filearray;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.replication.v3.testinfra.SharedArrays;
import org.replication.v3.volume.support.TestInfra;

/** Clients of the module's shared reference arrays (real processes, {@link TestInfra}) for driver tests. */
final class TestArrays {

    private TestArrays() {
    }

    static SharedArrays arrays() {
        return TestInfra.arrays();
    }

    static ArrayClient client(String name) {
        return new ArrayClient(name, URI.create(arrays().url(name)), SharedArrays.TOKEN, Duration.ofSeconds(3));
    }

    /** A GET of the array's API that the driver does not need, for what a test checks. */
    static JsonNode get(String array, String path) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(arrays().url(array) + path)).header("X-Auth-Token", SharedArrays.TOKEN).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        return new ObjectMapper().readTree(response.body());
    }

    /** A name no other test uses: the arrays are shared by every test of the JVM. */
    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
