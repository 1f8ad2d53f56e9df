package org.replication.v3.testinfra;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.List;

/**
 * The container image a Quarkus module declares in its {@code application.properties} (quarkus-container-image-jib),
 * resolved as the production build resolves it, so that each module's test can check it without building or pulling
 * an image (no registry is reachable from a build here). The constants are what every image of the suite shares.
 */
public record ContainerImage(boolean built, boolean pushed, String group, String name, String baseImage, String user,
        List<Integer> ports, List<String> jvmArguments) {

    public static final String GROUP = "replication-v3";
    /** Quarkus' own choice for Java 17 (run-java.sh as entry point, user 185), named so that an upgrade changes nothing. */
    public static final String BASE_IMAGE = "registry.access.redhat.com/ubi9/openjdk-17-runtime:1.24";
    public static final String USER = "185";
    /**
     * Heap from the container's memory limit, and the collector the JVM picks itself under a one-CPU limit, so that a
     * raised limit keeps the short young pauses the failover path was measured with (docs/performance.md).
     */
    public static final List<String> JVM_ARGUMENTS = List.of("-XX:MaxRAMPercentage=75", "-XX:+UseSerialGC");

    /**
     * What every module's image must be: built and pushed only when bin/images asks, in the suite's group, on the
     * shared base image, as the non-root user, exposing the module's port, with a container-aware heap.
     */
    public static ContainerImage expected(String name, int port) {
        return new ContainerImage(false, false, GROUP, name, BASE_IMAGE, USER, List.of(port), JVM_ARGUMENTS);
    }

    /** The image declared by the {@code application.properties} on this test's class path (the module's own). */
    public static ContainerImage ofThisModule() {
        URL properties = ContainerImage.class.getClassLoader().getResource("application.properties");
        if (properties == null) {
            throw new IllegalStateException("no application.properties on the class path");
        }
        SmallRyeConfig config;
        try {
            config = new SmallRyeConfigBuilder().withProfile("prod")
                    .withSources(new PropertiesConfigSource(properties, 250)).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ContainerImage(
                config.getOptionalValue("quarkus.container-image.build", Boolean.class).orElse(false),
                config.getOptionalValue("quarkus.container-image.push", Boolean.class).orElse(false),
                config.getOptionalValue("quarkus.container-image.group", String.class).orElse(null),
                config.getOptionalValue("quarkus.container-image.name", String.class).orElse(null),
                config.getOptionalValue("quarkus.jib.base-jvm-image", String.class).orElse(null),
                config.getOptionalValue("quarkus.jib.user", String.class).orElse(null),
                config.getOptionalValues("quarkus.jib.ports", Integer.class).orElse(List.of()),
                config.getOptionalValues("quarkus.jib.jvm-additional-arguments", String.class).orElse(List.of()));
    }
}
