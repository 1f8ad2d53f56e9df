package org.replication.v3.volume.driver.filearray.replication;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One array of a replicated pair: a directory (another host's mount in a real deployment) that can be taken down
 * for fault injection. A down array refuses every read and write, as a lost array would.
 */
public final class ArraySite {

    private final String name;
    private final Path root;
    private volatile boolean up = true;

    public ArraySite(String name, Path root) {
        this.name = name;
        this.root = root;
    }

    public String name() {
        return name;
    }

    public boolean up() {
        return up;
    }

    /** Fault injection: the array is lost (down) or back (up). */
    public void setUp(boolean up) {
        this.up = up;
    }

    /** The file of a volume on this array, its pool directory created on first use. */
    Path volumeFile(String pool, String volumeId) throws IOException {
        requireUp();
        Path dir = root.resolve(pool);
        Files.createDirectories(dir);
        return dir.resolve("volume-" + volumeId);
    }

    /** Where the blocks a fenced side lacks are logged while this array serves the volume ({@link ChangeLog}). */
    Path changesFile(String pool, String volumeId) throws IOException {
        return volumeFile(pool, volumeId).resolveSibling("changes-" + volumeId);
    }

    void requireUp() throws ArrayDownException {
        if (!up) {
            throw new ArrayDownException(name);
        }
    }

    @Override
    public String toString() {
        return name + " (" + root + ")";
    }
}
