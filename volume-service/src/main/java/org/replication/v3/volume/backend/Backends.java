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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.replication.v3.volume.assignment.HeldLeases;
import org.replication.v3.volume.driver.VolumeDrivers;
import org.replication.v3.volume.driver.filearray.ArrayClient;
import org.replication.v3.volume.driver.filearray.MediatorClient;

/** The backends hosted by this volume-service, with their drivers, built once from configuration. */
@ApplicationScoped
public class Backends {

    private final String host;
    private final String instance;
    private final HeldLeases leases;
    private final Map<String, Backend> byName = new LinkedHashMap<>();
    /** Every array a backend uses, by name, with no controller: what this instance probes. */
    private final Map<String, ArrayClient> clients = new LinkedHashMap<>();
    /** The arrays each backend's calls go to (its own and its targets'), by backend name. */
    private final Map<String, Set<ArrayClient>> arraysOf = new HashMap<>();

    public Backends(BackendsConfig config, HeldLeases leases) {
        this.host = config.host();
        this.instance = config.instance();
        this.leases = leases;
        Optional<MediatorClient> mediator = config.mediator().map(m -> new MediatorClient(m.url(),
                secret(m.token(), m.tokenFile(), "volume.mediator"), m.timeout().orElse(Duration.ofSeconds(3))));
        config.enabledBackends().ifPresent(enabled -> enabled.stream()
                .filter(name -> !config.backends().containsKey(name)).findFirst().ifPresent(name -> {
                    throw new IllegalStateException("volume.enabled-backends names '" + name + "', which"
                            + " volume.backends does not configure");
                }));
        config.backends().forEach((name, backend) -> {
            if (config.enabledBackends().map(enabled -> !enabled.contains(name)).orElse(false)) {
                return;
            }
            // One client per backend and array: its changing calls carry the backend's lease as their controller.
            ArrayClient.Controller controller = controller(key(name));
            Map<String, ArrayClient> controlled = new HashMap<>();
            VolumeDrivers.Arrays arrays = (b, array) -> controlled.computeIfAbsent(array, n -> {
                ArrayClient client = clients.computeIfAbsent(n, m -> client(config, b, m));
                arraysOf.computeIfAbsent(name, k -> new LinkedHashSet<>()).add(client);
                return client.controlledBy(controller);
            });
            byName.put(name, new Backend(name, backend.volumeBackendName(), VolumeDrivers.create(name, backend, arrays),
                    VolumeDrivers.createReplication(name, backend, arrays, mediator)));
        });
    }

    /** The backend's lease as this instance holds it now: its key and epoch, or no call at all. */
    private ArrayClient.Controller controller(String key) {
        return () -> {
            OptionalLong epoch = leases.epoch(key);
            if (epoch.isEmpty()) {
                throw new ArrayClient.NotController("instance " + instance + " does not hold the lease of " + key
                        + " now; no array call is made for it");
            }
            return new ArrayClient.Token(key, epoch.getAsLong());
        };
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

    /** The backends whose lease this instance holds now: the only ones it runs periodic work for. */
    public List<Backend> owned() {
        return byName.values().stream().filter(this::owns).toList();
    }

    public boolean owns(Backend backend) {
        return leases.owns(key(backend.name()));
    }

    /** The backend's name as its lease and its arrays' controller key know it: {@code host@backend}. */
    public String key(String backend) {
        return host + "@" + backend;
    }

    /** The arrays the backend's calls go to, without a controller (for fencing them after a claim). */
    public Set<ArrayClient> arraysOf(Backend backend) {
        return arraysOf.getOrDefault(backend.name(), Set.of());
    }

    /** Every array a backend uses, by name, without a controller. */
    public Map<String, ArrayClient> arrays() {
        return clients;
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
