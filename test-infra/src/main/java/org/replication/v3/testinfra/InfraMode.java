package org.replication.v3.testinfra;

import java.util.Locale;

import org.testcontainers.DockerClientFactory;

/**
 * Where test infrastructure runs: in Docker containers or inside the test JVM.
 * Chosen with {@code -Dtest.infra} or the {@code TEST_INFRA} environment variable; {@code auto} (the default)
 * uses containers only when a Docker engine answers.
 */
public enum InfraMode {
    AUTO, CONTAINERS, EMBEDDED;

    public static final String PROPERTY = "test.infra";
    public static final String ENV = "TEST_INFRA";

    public static InfraMode configured() {
        String value = System.getProperty(PROPERTY, System.getenv(ENV));
        if (value == null || value.isBlank()) {
            return AUTO;
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PROPERTY + "/" + ENV + " must be auto, containers or embedded, not '" + value + "'", e);
        }
    }

    /** Resolves {@link #AUTO} to the mode this JVM can actually run. */
    public boolean useContainers() {
        return switch (this) {
            case CONTAINERS -> true;
            case EMBEDDED -> false;
            case AUTO -> DockerProbe.AVAILABLE;
        };
    }

    /** Holder idiom: the probe costs about a second without Docker, so it runs at most once per JVM and only in auto mode. */
    private static final class DockerProbe {
        static final boolean AVAILABLE = probe();

        /** Without Docker, Testcontainers explains at ERROR level why it found none; in auto mode that is expected. */
        private static boolean probe() {
            boolean available = QuietLogging.silenced("org.testcontainers", () -> {
                try {
                    return DockerClientFactory.instance().isDockerAvailable();
                } catch (RuntimeException e) {
                    return false;
                }
            });
            System.getLogger(InfraMode.class.getName()).log(System.Logger.Level.INFO,
                    available ? "Docker found: Kafka and PostgreSQL run in containers"
                            : "No Docker engine: Kafka and PostgreSQL run inside the test JVM");
            return available;
        }
    }
}
