package org.replication.v3.volume.support;

import jakarta.inject.Singleton;
import java.nio.file.Path;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Where the reference driver keeps a volume's or a group's files, for tests that look at the array itself. */
@Singleton
public final class ArrayFiles {

    @ConfigProperty(name = "volume.data-dir")
    String dataDir;

    public Path volume(String backend, String pool, String id) {
        return Path.of(dataDir).resolve(backend).resolve(pool).resolve("volume-" + id);
    }

    public Path group(String backend, String pool, String id) {
        return Path.of(dataDir).resolve(backend).resolve(pool).resolve("group-" + id);
    }
}
