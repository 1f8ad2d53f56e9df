package org.replication.v3.drill;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;

/** JSON over the JDK's HttpClient, HTTP/1.1 (the arrays refuse h2c upgrades of long query strings). */
final class Http {

    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    /**
     * One answer. {@code status} is -1 when no answer came (refused, reset, timed out): for a writer that is an
     * unacknowledged write, not an error of the drill.
     */
    record Answer(int status, byte[] bytes, String problem) {

        boolean ok() {
            return status >= 200 && status < 300;
        }

        JsonNode json() {
            if (bytes == null || bytes.length == 0) {
                return MissingNode.getInstance();
            }
            try {
                return JSON.readTree(bytes);
            } catch (IOException e) {
                return MissingNode.getInstance();
            }
        }

        /** The kind of a Cinder-style fault, {@code {"fenced": {"code": 409, ...}}}: its only key. */
        String faultKind() {
            JsonNode body = json();
            Iterator<String> names = body.isObject() ? body.fieldNames() : null;
            return names != null && names.hasNext() ? names.next() : problem;
        }

        String describe() {
            return status < 0 ? problem : status + " " + (bytes == null ? "" : new String(bytes));
        }
    }

    Answer send(String method, String url, Map<String, String> headers, byte[] body, String contentType,
            Duration timeout) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(builder::header);
        if (body != null) {
            builder.header("Content-Type", contentType);
        }
        try {
            HttpResponse<byte[]> response = client.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(response.statusCode(), response.body(), null);
        } catch (IOException e) {
            return new Answer(-1, null, e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(-1, null, "interrupted");
        }
    }

    /** A control call that must answer with a 2xx: anything else stops the drill with what came back. */
    JsonNode json(String method, String url, Map<String, String> headers, Object body, Duration timeout) {
        byte[] bytes;
        try {
            bytes = body == null ? null : JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Answer answer = send(method, url, headers, bytes, "application/json", timeout);
        if (!answer.ok()) {
            throw new DrillException(method + " " + url + " answered " + answer.describe());
        }
        return answer.json();
    }
}
