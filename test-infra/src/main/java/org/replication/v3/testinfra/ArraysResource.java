package org.replication.v3.testinfra;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Gives a volume-service test real reference arrays ({@link SharedArrays}) and points {@code volume.arrays.*} at
 * them. The init argument {@value #PAIRS_ARG} lists the arrays as comma-separated peer pairs
 * ({@code fast:site-b,capacity:site-c}). The arrays outlive the test class: they are shared by the JVM.
 */
public class ArraysResource implements QuarkusTestResourceLifecycleManager {

    public static final String PAIRS_ARG = "pairs";

    private List<String> pairs = List.of();

    @Override
    public void init(Map<String, String> initArgs) {
        pairs = Arrays.stream(initArgs.getOrDefault(PAIRS_ARG, "").split(",")).map(String::strip)
                .filter(p -> !p.isEmpty()).toList();
    }

    @Override
    public Map<String, String> start() {
        return SharedArrays.start(pairs).volumeServiceConfig();
    }

    @Override
    public void stop() {
        // Shared by the JVM's tests; stopped by its shutdown hook.
    }
}
