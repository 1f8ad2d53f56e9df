package org.replication.v3.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The few calls of Cinder's v3 API the benchmarks make, over keep-alive HTTP/1.1 connections. */
final class CinderClient {

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern COUNT = Pattern.compile("\"count\"\\s*:\\s*(\\d+)");
    /** with_count needs 3.45; nothing newer is needed. */
    static final String MICROVERSION = "volume 3.45";

    record Response(int status, String body) {

        boolean ok() {
            return status / 100 == 2;
        }
    }

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final String projectUrl;
    private final String token;
    private final String microversion;

    CinderClient(String url, String project, String token) {
        this(url, project, token, MICROVERSION);
    }

    CinderClient(String url, String project, String token, String microversion) {
        this.projectUrl = url + "/" + project;
        this.token = token;
        this.microversion = microversion;
    }

    static CinderClient forProject(Options options, String project) {
        return new CinderClient(options.url(), project, options.text("token", "admin:" + project));
    }

    Response get(String path) {
        return send(request(path).GET());
    }

    Response post(String path, String json) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    Response delete(String path) {
        return send(request(path).DELETE());
    }

    /** Volumes of this project in {@code status} (any status when null), counted by the API itself. */
    int countVolumes(String status) {
        Response response = get("/volumes?limit=1&with_count=true" + (status == null ? "" : "&status=" + status));
        if (!response.ok()) {
            throw new IllegalStateException("count of " + status + " volumes failed: " + response);
        }
        Matcher count = COUNT.matcher(response.body());
        if (!count.find()) {
            throw new IllegalStateException("no count in " + response.body());
        }
        return Integer.parseInt(count.group(1));
    }

    static String id(Response created) {
        Matcher id = ID.matcher(created.body());
        if (!created.ok() || !id.find()) {
            throw new IllegalStateException("create failed: " + created);
        }
        return id.group(1);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(projectUrl + path))
                .timeout(Duration.ofSeconds(30))
                .header("X-Auth-Token", token)
                .header("OpenStack-API-Version", microversion)
                .header("Accept", "application/json");
    }

    private Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The first group of the pattern's first match in a body, or "?" (the benchmarks read answers by pattern). */
    static String first(Pattern pattern, String body) {
        Matcher matcher = pattern.matcher(body);
        return matcher.find() ? matcher.group(1) : "?";
    }

    /**
     * Creates a volume type with these extra specs (a JSON object's members) and {@code count} 1 GiB volumes of it
     * from {@code clients} threads; returns their ids once the API lists them all available (30 minutes at most;
     * a volume in error ends the wait).
     */
    List<String> createAvailable(int clients, String typePrefix, String extraSpecs, int count)
            throws Exception {
        String type = id(post("/types", "{\"volume_type\": {\"name\": \"" + typePrefix + System.nanoTime()
                + "\", \"extra_specs\": {" + extraSpecs + "}}}"));
        Queue<String> ids = new ConcurrentLinkedQueue<>();
        Parallel.run(clients, count, i -> ids.add(id(post("/volumes",
                "{\"volume\": {\"size\": 1, \"volume_type\": \"" + type + "\"}}"))));
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
        while (countVolumes("available") < count) {
            if (System.nanoTime() > deadline || countVolumes("error") > 0) {
                throw new IllegalStateException("volumes did not all become available");
            }
            Thread.sleep(200);
        }
        return new ArrayList<>(ids);
    }
}
