package org.replication.v3.mediator.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A packaged Quarkus application (a reference array, the mediator) or the link proxy as a real process on a port of
 * its own, as reference-array's ArrayProcess starts arrays. {@link #kill()} is a kill -9; {@link #start()} again restarts it with
 * the same settings (the same data directory and port).
 */
final class ServiceProcess implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final String name;
    final int port;
    private final String token;
    private final List<String> launch;
    private final String readyPath;
    private Process process;
    private int starts;

    private ServiceProcess(String name, int port, String token, List<String> launch, String readyPath) {
        this.name = name;
        this.port = port;
        this.token = token;
        this.launch = List.copyOf(launch);
        this.readyPath = readyPath;
    }

    /**
     * A packaged Quarkus application.
     *
     * @param runnerProperty the system property naming its quarkus-run.jar
     * @param settings {@code -D} settings, without the port
     * @param readyPath a GET that answers 200 once the process serves
     */
    static ServiceProcess quarkus(String name, String runnerProperty, int port, String token, List<String> settings,
            String readyPath) {
        List<String> launch = new ArrayList<>(List.of("-Dquarkus.http.port=" + port, "-Dquarkus.http.host=127.0.0.1"));
        launch.addAll(settings);
        launch.add("-jar");
        launch.add(required(runnerProperty, "./mvnw -o -B -pl reference-array,mediator -am package -DskipTests"));
        return new ServiceProcess(name, port, token, launch, readyPath);
    }

    /** The link proxy (deploy's LinkProxy, from its compiled classes) with its admin API on {@code port}. */
    static ServiceProcess links(int port, List<String> links) {
        List<String> launch = new ArrayList<>(List.of("-cp", required("links.classes",
                "./mvnw -o -B -pl deploy compile"), "org.replication.v3.deploy.LinkProxy", "--admin-port",
                Integer.toString(port)));
        links.forEach(link -> {
            launch.add("--link");
            launch.add(link);
        });
        return new ServiceProcess("links", port, "", launch, "/links");
    }

    private static String required(String property, String build) {
        String path = System.getProperty(property);
        if (path == null || !Files.exists(Path.of(path))) {
            throw new IllegalStateException(property + " must name a build output (build it first: " + build
                    + "), not " + path);
        }
        return path;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    ServiceProcess start() throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        command.addAll(launch);
        Path logs = Path.of("target", "it-logs");
        Files.createDirectories(logs);
        Path log = logs.resolve(name + "-" + port + "-" + (++starts) + ".log");
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Instant deadline = Instant.now().plusSeconds(90);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (call("GET", readyPath, null).status() == 200) {
                    return this;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(name + " did not answer within 90 s; see " + log);
    }

    /** kill -9: no shutdown hook, no flush: what survives is what was on disk. */
    void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor();
        }
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }

    record Answer(int status, byte[] body) {

        JsonNode json() throws IOException {
            return body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
        }

        String text() {
            return new String(body);
        }
    }

    Answer call(String method, String path, Object json) throws IOException, InterruptedException {
        HttpRequest.BodyPublisher body = json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(json));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).method(method, body);
        if (!token.isEmpty()) {
            request.header("X-Auth-Token", token);
        }
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<byte[]> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Answer(response.statusCode(), response.body());
    }

    /** A call that must answer 2xx; its JSON body. */
    JsonNode ok(String method, String path, Object json) throws IOException, InterruptedException {
        Answer answer = call(method, path, json);
        if (answer.status() / 100 != 2) {
            throw new IllegalStateException(method + " " + path + " on " + name + ": " + answer.status() + " "
                    + answer.text());
        }
        return answer.json();
    }

    Answer write(String id, long offset, byte[] bytes) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/volumes/" + id
                + "/data?offset=" + offset)).timeout(Duration.ofSeconds(30))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)).header("X-Auth-Token", token)
                .header("Content-Type", "application/octet-stream").build();
        HttpResponse<byte[]> response = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
        return new Answer(response.statusCode(), response.body());
    }
}
