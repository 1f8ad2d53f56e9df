package org.replication.v3.volume.driver.filearray;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The mediator's decision journal (module {@code mediator}, a process in a third failure domain), read by the
 * driver: which array pair it judged, what it declared lost, and what it did to each volume. The mediator acts on the
 * arrays itself; this service only learns of it, so that the control plane records what happened.
 */
public final class MediatorClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final String token;
    private final Duration timeout;
    private final HttpClient http;

    public MediatorClient(URI base, String token, Duration timeout) {
        this.base = base;
        this.token = token;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    /** The decisions journaled after {@code seq}, oldest first (a page of them). */
    public List<JsonNode> decisionsAfter(long seq) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/v1/decisions?after=" + seq)).timeout(timeout)
                .header("X-Auth-Token", token).header("Accept", "application/json").GET().build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("mediator " + base + ": interrupted", e);
        }
        if (response.statusCode() != 200) {
            throw new IOException("mediator " + base + " answered HTTP " + response.statusCode());
        }
        List<JsonNode> decisions = new ArrayList<>();
        JSON.readTree(response.body()).path("decisions").forEach(decisions::add);
        return decisions;
    }
}
