package org.replication.v3.volume.backend;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.replication.v3.volume.driver.VolumeDrivers;
import org.replication.v3.volume.driver.filearray.ArrayClient;
import org.replication.v3.volume.driver.filearray.MediatorClient;

/** The backends hosted by this volume-service, with their drivers, built once from configuration. */
@ApplicationScoped
public class Backends {

    private final String host;
    private final Map<String, Backend> byName = new LinkedHashMap<>();

    public Backends(BackendsConfig config) {
        this.host = config.host();
        Map<String, ArrayClient> clients = new HashMap<>();
        VolumeDrivers.Arrays arrays = (backend, name) -> clients.computeIfAbsent(name, n -> client(config, backend, n));
        Optional<MediatorClient> mediator = config.mediator().map(m -> new MediatorClient(m.url(),
                secret(m.token(), m.tokenFile(), "volume.mediator"), m.timeout().orElse(Duration.ofSeconds(3))));
        config.backends().forEach((name, backend) -> byName.put(name, new Backend(name, backend.volumeBackendName(),
                VolumeDrivers.create(name, backend, arrays),
                VolumeDrivers.createReplication(name, backend, arrays, mediator))));
    }

    private static ArrayClient client(BackendsConfig config, String backend, String name) {
        BackendsConfig.Array array = config.arrays().get(name);
        if (array == null) {
            throw new IllegalStateException("backend " + backend + " uses array '" + name + "', which volume.arrays"
                    + " does not configure (configured: " + String.join(", ", config.arrays().keySet()) + ")");
        }
        return new ArrayClient(name, array.url(), secret(array.token(), array.tokenFile(), "volume.arrays." + name),
                array.timeout());
    }

    private static String secret(Optional<String> token, Optional<String> file, String key) {
        return token.or(() -> file.map(Backends::read)).map(String::strip).orElseThrow(() ->
                new IllegalStateException("set " + key + ".token or " + key + ".token-file"));
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            throw new UncheckedIOException("array token file " + file + " cannot be read", e);
        }
    }

    public String host() {
        return host;
    }

    public Collection<Backend> all() {
        return byName.values();
    }

    /**
     * The backend a command is addressed to, if this service hosts it: {@code host} is a backend's
     * {@code host@backend} (a switch names the backend) or a volume's or group's {@code host@backend#pool}; the pool
     * plays no part in who hosts it.
     */
    public Optional<Backend> hosting(String host) {
        int at = host.indexOf('@');
        if (at <= 0 || !host.substring(0, at).equals(this.host)) {
            return Optional.empty();
        }
        int hash = host.indexOf('#', at);
        return Optional.ofNullable(byName.get(host.substring(at + 1, hash < 0 ? host.length() : hash)));
    }
}
