package org.replication.v3.array;

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
import java.util.Map;

/**
 * One reference array as a real process, started from the packaged application ({@code array.runner}) on a port of
 * its own: what a site runs. {@link #kill()} is a kill -9; {@link #start()} again restarts it on the same data
 * directory and port.
 */
final class ArrayProcess implements AutoCloseable {

    static final String TOKEN = "array-test-token";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final String name;
    final int port;
    final Path dataDir;
    private Map<String, Integer> peers;
    private Process process;
    private int starts;

    ArrayProcess(String name, int port, Path dataDir, Map<String, Integer> peers) {
        this.name = name;
        this.port = port;
        this.dataDir = dataDir;
        this.peers = peers;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    ArrayProcess start() throws Exception {
        String runner = System.getProperty("array.runner");
        if (runner == null || !Files.exists(Path.of(runner))) {
            throw new IllegalStateException("array.runner must name the packaged array (target/quarkus-app/"
                    + "quarkus-run.jar), not " + runner);
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx256m", "-XX:TieredStopAtLevel=1", "-Dquarkus.http.port=" + port,
                "-Dquarkus.http.host=127.0.0.1", "-Darray.name=" + name, "-Darray.data-dir=" + dataDir,
                "-Darray.admin.token=" + TOKEN, "-Darray.peer-timeout=2s", "-Darray.ship-tick=100ms",
                "-Darray.peer-probe=1s", "-Darray.peer-heartbeat=300ms", "-Darray.sync-hold=3s",
                "-Darray.pending-report=300ms"));
        peers.forEach((peer, peerPort) -> command.add("-Darray.peers." + peer + ".url=http://127.0.0.1:" + peerPort));
        command.add("-jar");
        command.add(runner);
        Path logs = Path.of("target", "array-logs");
        Files.createDirectories(logs);
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(logs.resolve(name + "-" + port + "-" + (++starts) + ".log").toFile()).start();
        Instant deadline = Instant.now().plusSeconds(90);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("array " + name + " exited with " + process.exitValue()
                        + "; see target/array-logs");
            }
            try {
                if (call("GET", "/v1/volumes", null).status() == 200) {
                    return this;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("array " + name + " did not answer within 90 s");
    }

    /** Starts again with other peer ports: a port nobody listens on is a partition from that peer. */
    ArrayProcess start(Map<String, Integer> otherPeers) throws Exception {
        peers = otherPeers;
        return start();
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
        return call(method, path, json, Map.of());
    }

    Answer call(String method, String path, Object json, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.BodyPublisher body = json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(json instanceof String s ? s.getBytes()
                        : JSON.writeValueAsBytes(json));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).method(method, body).header("X-Auth-Token", TOKEN);
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        HttpResponse<byte[]> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Answer(response.statusCode(), response.body());
    }

    Answer write(String id, long offset, byte[] bytes) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/volumes/" + id
                + "/data?offset=" + offset)).timeout(Duration.ofSeconds(30))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)).header("X-Auth-Token", TOKEN)
                .header("Content-Type", "application/octet-stream").build();
        HttpResponse<byte[]> response = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
        return new Answer(response.statusCode(), response.body());
    }

    Answer read(String id, long offset, long length) throws IOException, InterruptedException {
        return call("GET", "/v1/volumes/" + id + "/data?offset=" + offset + "&length=" + length, null);
    }

    JsonNode volume(String id) throws IOException, InterruptedException {
        Answer answer = call("GET", "/v1/volumes/" + id, null);
        if (answer.status() != 200) {
            throw new IllegalStateException("GET volume " + id + " on " + name + ": " + answer.status() + " "
                    + answer.text());
        }
        return answer.json().path("volume");
    }

    String checksum(String id) throws IOException, InterruptedException {
        return call("GET", "/v1/volumes/" + id + "/checksum", null).json().path("checksum").path("sha256").asText();
    }

    /** The volume's bytes as they are in the file on this array's disk, not through its API. */
    byte[] onDisk(String id, long offset, int length) throws IOException {
        byte[] all = Files.readAllBytes(dataDir.resolve("volumes").resolve(id).resolve("data"));
        byte[] part = new byte[length];
        System.arraycopy(all, (int) offset, part, 0, length);
        return part;
    }
}
