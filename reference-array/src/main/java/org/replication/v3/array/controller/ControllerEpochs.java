package org.replication.v3.array.controller;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.jboss.logging.Logger;
import org.replication.v3.array.config.ArrayConfig;
import org.replication.v3.array.volume.ArrayException;
import org.replication.v3.array.volume.Durable;

/**
 * The fencing tokens of the controllers that change this array (docs/sites.md section 3): the highest lease epoch
 * seen per controller key (e.g. {@code node1@fast}, {@code mediator}), kept in {@code data-dir/controllers.json}.
 * A changing call carrying a lower epoch than the one recorded for its key comes from a controller whose lease was
 * taken over, and is refused before it changes anything; a higher epoch is recorded (durably) before the call goes
 * on, so after a restart the array still refuses the overtaken controller.
 */
@Singleton
public class ControllerEpochs {

    private static final Logger LOG = Logger.getLogger(ControllerEpochs.class);

    private final Path file;
    private final ObjectMapper json = new ObjectMapper();
    private final TreeMap<String, Long> epochs = new TreeMap<>();

    public ControllerEpochs(ArrayConfig config) {
        this.file = Path.of(config.dataDir()).toAbsolutePath().resolve("controllers.json");
        try {
            Files.createDirectories(file.getParent());
            if (Files.exists(file)) {
                epochs.putAll(json.readValue(file.toFile(), new TypeReference<Map<String, Long>>() {
                }));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("controller epochs " + file + " cannot be read", e);
        }
    }

    /**
     * Admits a call from {@code key} at {@code epoch}: refused (409 staleController) when a higher epoch is
     * recorded for the key; recorded when it is higher than the one recorded. Returns the epoch now recorded.
     */
    public synchronized long admit(String key, long epoch) throws IOException {
        if (key.isBlank() || key.length() > 200) {
            throw ArrayException.badRequest("X-Controller must be 1 to 200 characters, not '" + key + "'");
        }
        if (epoch < 0) {
            throw ArrayException.badRequest("a controller epoch is 0 or more, not " + epoch);
        }
        Long recorded = epochs.get(key);
        if (recorded != null && epoch < recorded) {
            throw ArrayException.staleController("controller " + key + " is at epoch " + recorded + " on this array;"
                    + " a call at epoch " + epoch + " comes from a lease that was taken over, so nothing changed");
        }
        if (recorded == null || epoch > recorded) {
            TreeMap<String, Long> next = new TreeMap<>(epochs);
            next.put(key, epoch);
            Durable.replace(file, json.writeValueAsBytes(next));
            epochs.put(key, epoch);
            LOG.infof("controller %s: epoch %d recorded (was %s)", key, epoch, recorded);
        }
        return epoch;
    }

    public synchronized Map<String, Long> all() {
        return new TreeMap<>(epochs);
    }
}
