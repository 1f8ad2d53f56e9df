package org.replication.v3.volume.backend;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.replication.v3.common.volume.VolumeHost;
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

    /** The backend named by {@code host@backend}, if this service hosts it. */
    public Optional<Backend> hostingBackend(String hostAtBackend) {
        int at = hostAtBackend.indexOf('@');
        return at > 0 && hostAtBackend.substring(0, at).equals(host)
                ? Optional.ofNullable(byName.get(hostAtBackend.substring(at + 1))) : Optional.empty();
    }

    /** The backend a volume location points at, if this service hosts it. */
    public Optional<Backend> hosting(VolumeHost location) {
        return location.host().equals(host) ? Optional.ofNullable(byName.get(location.backend())) : Optional.empty();
    }
}
