package org.replication.v3.mediator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The mediator: the arrays it watches, the pairs of them it arbitrates, how fast it decides, and where its journal
 * lives. It needs nothing else (no Kafka, no database).
 */
@ConfigMapping(prefix = "mediator")
public interface MediatorConfig {

    /** The arrays by name ({@code mediator.arrays.site-b.url}, {@code .token}). */
    Map<String, Array> arrays();

    /** The pairs it arbitrates, each {@code <array>:<array>}, e.g. {@code site-b:site-c}. */
    List<String> pairs();

    /** How often each array's health is read. */
    @WithDefault("500ms")
    Duration pollInterval();

    /** How long a verdict must hold before anything is done on it. */
    @WithDefault("2s")
    Duration lossAfter();

    /** Active/passive, survivor is the secondary: how long after the loss was detected the target is promoted. */
    @WithDefault("30s")
    Duration grace();

    /** How long an array may take to answer its health; a slower array counts as unreachable. */
    @WithDefault("1s")
    Duration healthTimeout();

    /** How long a volume listing or a batch promote/fence may take (a promote may wait for an unreachable peer). */
    @WithDefault("60s")
    Duration callTimeout();

    /** What callers present in {@code X-Auth-Token}; none: every /v1 call is refused. */
    Optional<String> token();

    /** The decision journal and the boot counter: all a restart needs. */
    String dataDir();

    interface Array {

        /** Base URL of the array's API, e.g. {@code http://127.0.0.1:8791}. */
        String url();

        /** The array's {@code X-Auth-Token}. */
        String token();
    }
}
