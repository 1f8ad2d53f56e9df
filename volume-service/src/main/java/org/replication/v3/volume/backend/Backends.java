package org.replication.v3.volume.backend;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.replication.v3.volume.driver.VolumeDrivers;
import org.replication.v3.volume.driver.filearray.replication.ArraySites;

/** The backends hosted by this volume-service, with their drivers, built once from configuration. */
@ApplicationScoped
public class Backends {

    private final String host;
    private final Map<String, Backend> byName = new LinkedHashMap<>();

    public Backends(BackendsConfig config) {
        this.host = config.host();
        Path dataDir = Path.of(config.dataDir()).toAbsolutePath();
        ArraySites arrays = new ArraySites();
        config.backends().forEach((name, backend) -> byName.put(name, new Backend(name, backend.volumeBackendName(),
                VolumeDrivers.create(name, backend, dataDir),
                VolumeDrivers.createReplication(name, backend, dataDir, arrays, config.replicationBlockSize()))));
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
