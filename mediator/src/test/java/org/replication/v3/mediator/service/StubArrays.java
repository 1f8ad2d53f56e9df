package org.replication.v3.mediator.service;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Starts site-b and site-c as {@link StubArray}s and points the mediator at them, with short timings. */
public class StubArrays implements QuarkusTestResourceLifecycleManager {

    static StubArray siteB;
    static StubArray siteC;

    @Override
    public Map<String, String> start() {
        try {
            synchronized (StubArray.CALLS) {
                StubArray.CALLS.clear();
            }
            siteB = new StubArray("site-b", "site-c");
            siteC = new StubArray("site-c", "site-b");
            Path data = Files.createTempDirectory(Path.of("target"), "mediator-data-");
            prepare(data);
            return Map.ofEntries(
                    Map.entry("mediator.arrays.site-b.url", siteB.url()),
                    Map.entry("mediator.arrays.site-b.token", StubArray.TOKEN),
                    Map.entry("mediator.arrays.site-c.url", siteC.url()),
                    Map.entry("mediator.arrays.site-c.token", StubArray.TOKEN),
                    Map.entry("mediator.pairs", "site-b:site-c"),
                    Map.entry("mediator.poll-interval", "100ms"),
                    Map.entry("mediator.loss-after", "500ms"),
                    Map.entry("mediator.grace", "3s"),
                    Map.entry("mediator.token", MediatorLoopTest.TOKEN),
                    Map.entry("mediator.data-dir", data.toAbsolutePath().toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the arrays hold and the journal says before the mediator starts; nothing here. */
    void prepare(Path dataDir) throws IOException {
    }

    @Override
    public void stop() {
        siteB.close();
        siteC.close();
    }
}
