package org.replication.v3.testinfra;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reference arrays (module {@code reference-array}) as real processes for service tests: one process per array, on
 * a free port and a data directory of its own, each pair of arrays the other's peer. Started once per test JVM and
 * shared, as the broker and the database are; a test that takes an array down ({@link #kill}, a kill -9) starts it
 * again ({@link #start}) on the same port and directory. The packaged array is found through the system property
 * {@code array.runner} (its {@code quarkus-run.jar}).
 */
public final class SharedArrays {

    public static final String TOKEN = "array-test-token";

    private static SharedArrays shared;

    private final Map<String, Array> arrays = new LinkedHashMap<>();

    private static final class Array {
        final String name;
        final int port;
        final Path dataDir;
        final List<String> peers = new ArrayList<>();
        /** A peer reached some other way than directly (through a link proxy), by peer name. */
        final Map<String, String> peerUrls = new LinkedHashMap<>();
        Process process;
        int starts;

        Array(String name, int port, Path dataDir) {
            this.name = name;
            this.port = port;
            this.dataDir = dataDir;
        }
    }

    /**
     * The shared arrays, started on first use: {@code pairs} names each pair of peers ({@code "fast:site-b"}); an
     * array may be in several pairs or none ({@code "plain:"}).
     */
    public static synchronized SharedArrays start(List<String> pairs) {
        if (shared == null) {
            shared = new SharedArrays(pairs);
            Runtime.getRuntime().addShutdownHook(new Thread(shared::stopAll));
        }
        return shared;
    }

    private SharedArrays(List<String> pairs) {
        try {
            Path root = Files.createTempDirectory("arrays");
            for (String pair : pairs) {
                String[] sides = pair.split(":", -1);
                for (String side : sides) {
                    if (!side.isEmpty() && !arrays.containsKey(side)) {
                        arrays.put(side, new Array(side, freePort(), root.resolve(side)));
                    }
                }
                if (sides.length == 2 && !sides[1].isEmpty()) {
                    arrays.get(sides[0]).peers.add(sides[1]);
                    arrays.get(sides[1]).peers.add(sides[0]);
                }
            }
            for (Array array : arrays.values()) {
                launch(array);
            }
            for (Array array : arrays.values()) {
                awaitAnswer(array);
            }
        } catch (IOException e) {
            throw new IllegalStateException("reference arrays could not be started: " + e.getMessage(), e);
        }
    }

    /** Where an array's management API answers. */
    public String url(String name) {
        return "http://127.0.0.1:" + array(name).port;
    }

    /** The properties pointing a volume-service at every array: {@code volume.arrays.<name>.url} and token. */
    public Map<String, String> volumeServiceConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        arrays.keySet().forEach(name -> {
            config.put("volume.arrays." + name + ".url", url(name));
            config.put("volume.arrays." + name + ".token", TOKEN);
        });
        return config;
    }

    /**
     * Points one array at its peer through another URL (a link proxy's port, so a test can cut the link between
     * them) and restarts it on its data, if it runs, so the change takes effect.
     */
    public synchronized void peerVia(String name, String peer, String url) {
        Array array = array(name);
        array.peerUrls.put(peer, url);
        if (array.process != null && array.process.isAlive()) {
            kill(name);
            start(name);
        }
    }

    /** kill -9 of one array: what survives is what was on its disk. */
    public synchronized void kill(String name) {
        Array array = array(name);
        if (array.process != null) {
            array.process.destroyForcibly();
            try {
                array.process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Starts an array again (after {@link #kill}) on its port and data directory; returns once it answers. */
    public synchronized void start(String name) {
        Array array = array(name);
        if (array.process != null && array.process.isAlive()) {
            return;
        }
        try {
            launch(array);
            awaitAnswer(array);
        } catch (IOException e) {
            throw new IllegalStateException("array " + name + " could not be started: " + e.getMessage(), e);
        }
    }

    private Array array(String name) {
        Array array = arrays.get(name);
        if (array == null) {
            throw new IllegalArgumentException("no test array " + name + " (arrays: " + arrays.keySet() + ")");
        }
        return array;
    }

    private void launch(Array array) throws IOException {
        String runner = System.getProperty("array.runner");
        if (runner == null || !Files.exists(Path.of(runner))) {
            throw new IllegalStateException("array.runner must name the packaged reference array"
                    + " (reference-array/target/quarkus-app/quarkus-run.jar; build it first), not " + runner);
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dquarkus.http.port=" + array.port, "-Dquarkus.http.host=127.0.0.1", "-Darray.name=" + array.name,
                "-Darray.data-dir=" + array.dataDir, "-Darray.admin.token=" + TOKEN, "-Darray.peer-timeout=2s",
                "-Darray.ship-tick=100ms", "-Darray.peer-probe=1s"));
        for (String peer : array.peers) {
            command.add("-Darray.peers." + peer + ".url=" + array.peerUrls.getOrDefault(peer, url(peer)));
        }
        command.add("-jar");
        command.add(runner);
        Path logs = Path.of("target", "array-logs");
        Files.createDirectories(logs);
        array.process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(logs.resolve(array.name + "-" + (++array.starts) + ".log").toFile()).start();
    }

    private void awaitAnswer(Array array) throws IOException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (Instant.now().isBefore(deadline)) {
            if (!array.process.isAlive()) {
                throw new IOException("array " + array.name + " exited with " + array.process.exitValue()
                        + "; see target/array-logs");
            }
            try {
                HttpURLConnection connection = (HttpURLConnection) URI.create(url(array.name) + "/v1/volumes?ids=-")
                        .toURL().openConnection();
                connection.setRequestProperty("X-Auth-Token", TOKEN);
                connection.setConnectTimeout(500);
                if (connection.getResponseCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted waiting for array " + array.name, e);
            }
        }
        throw new IOException("array " + array.name + " did not answer within 90 s");
    }

    private void stopAll() {
        arrays.values().forEach(array -> {
            if (array.process != null) {
                array.process.destroyForcibly();
            }
        });
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
