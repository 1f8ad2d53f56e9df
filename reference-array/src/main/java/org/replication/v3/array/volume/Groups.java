package org.replication.v3.array.volume;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.jboss.logging.Logger;
import org.replication.v3.array.config.ArrayConfig;

/**
 * The consistency groups of this array and their members, durable: {@code array.data-dir/groups/<id>.json}
 * ({@code {"id", "volumes"}}), replaced atomically on every change ({@link Durable#replace}), read back as it is at
 * start. A volume is in at most one group. Membership only: what a group means for replication (one point-in-time
 * image for all its async members) is {@link ArrayService}'s.
 */
@Singleton
public class Groups {

    private static final Logger LOG = Logger.getLogger(Groups.class);

    /** A group: its id and its members' ids, sorted (the order its members are locked in). */
    public record Group(String id, TreeSet<String> volumes) {
    }

    private final Path dir;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, Group> groups = new TreeMap<>();

    public Groups(ArrayConfig config) {
        this.dir = Path.of(config.dataDir()).toAbsolutePath().resolve("groups");
        try {
            Files.createDirectories(dir);
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".json")).toList()) {
                    Stored stored = json.readValue(file.toFile(), Stored.class);
                    groups.put(stored.id(), new Group(stored.id(), new TreeSet<>(stored.volumes())));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("array groups in " + dir + " cannot be read", e);
        }
        LOG.infof("array restored %d groups from %s", groups.size(), dir);
    }

    /** What a group file holds. */
    public record Stored(String id, List<String> volumes) {
    }

    public synchronized Optional<Group> find(String id) {
        return Optional.ofNullable(groups.get(id)).map(g -> new Group(g.id(), new TreeSet<>(g.volumes())));
    }

    public synchronized List<Group> all() {
        return groups.values().stream().map(g -> new Group(g.id(), new TreeSet<>(g.volumes()))).toList();
    }

    /** The group the volume is in, if any. */
    public synchronized Optional<String> groupOf(String volumeId) {
        return groups.values().stream().filter(g -> g.volumes().contains(volumeId)).map(Group::id).findFirst();
    }

    /**
     * Sets the group's members (creates it when new); durable before it answers. Refused (409) when a volume is in
     * another group. Answers whether the group is new.
     */
    public synchronized boolean put(String id, Collection<String> volumes) throws IOException {
        for (String volume : volumes) {
            String other = groups.values().stream().filter(g -> !g.id().equals(id) && g.volumes().contains(volume))
                    .map(Group::id).findFirst().orElse(null);
            if (other != null) {
                throw ArrayException.conflict("volume " + volume + " is in group " + other + "; a volume is in one"
                        + " group at most");
            }
        }
        boolean created = !groups.containsKey(id);
        TreeSet<String> members = new TreeSet<>(volumes);
        Durable.replace(dir.resolve(id + ".json"), json.writeValueAsBytes(new Stored(id, List.copyOf(members))));
        groups.put(id, new Group(id, members));
        return created;
    }

    public synchronized void delete(String id) throws IOException {
        if (groups.remove(id) != null) {
            Files.deleteIfExists(dir.resolve(id + ".json"));
            Durable.syncDirectory(dir);
        }
    }

    /** A deleted volume leaves its group. */
    public synchronized void forget(String volumeId) throws IOException {
        Optional<String> group = groupOf(volumeId);
        if (group.isPresent()) {
            TreeSet<String> rest = new TreeSet<>(groups.get(group.get()).volumes());
            rest.remove(volumeId);
            put(group.get(), rest);
        }
    }
}
