package org.replication.v3.volume.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.replication.v3.testinfra.SharedArrays;
import org.replication.v3.volume.driver.filearray.ArrayClient;

/**
 * What a reference array (a real process, {@link TestInfra}) holds of a volume, asked through its own API rather
 * than through this service: for tests that check what the driver did on the array itself.
 */
public final class ArrayVolumes {

    private ArrayVolumes() {
    }

    public static ArrayClient array(String name) {
        return new ArrayClient(name, URI.create(TestInfra.arrays().url(name)), SharedArrays.TOKEN,
                Duration.ofSeconds(10));
    }

    /** The volume's view on the array, if the array holds it. */
    public static Optional<JsonNode> volume(String array, String id) {
        try {
            return array(array).list(List.of(id)).stream().findFirst();
        } catch (IOException e) {
            throw new AssertionError("array " + array + ": " + e.getMessage(), e);
        }
    }

    /** The volume's size on the array, or -1 when the array does not hold it. */
    public static long size(String array, String id) {
        return volume(array, id).map(v -> v.path("size_bytes").asLong()).orElse(-1L);
    }

    public static String checksum(String array, String id) {
        try {
            return array(array).checksum(id);
        } catch (IOException e) {
            throw new AssertionError("array " + array + ": " + e.getMessage(), e);
        }
    }

    public static byte[] read(String array, String id, long offset, int length) {
        try (InputStream in = array(array).read(id, offset, length)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new AssertionError("array " + array + ": " + e.getMessage(), e);
        }
    }

    public static void write(String array, String id, long offset, byte[] bytes) {
        try {
            array(array).write(id, offset, bytes);
        } catch (IOException e) {
            throw new AssertionError("array " + array + ": " + e.getMessage(), e);
        }
    }
}
