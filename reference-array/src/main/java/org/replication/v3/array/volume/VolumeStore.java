package org.replication.v3.array.volume;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.jboss.logging.Logger;
import org.replication.v3.array.config.ArrayConfig;

/**
 * The volumes of this array and their durable state. Layout under {@code array.data-dir}: {@code volumes/<id>/}
 * holds {@code state.json} (the {@link VolumeState}, replaced atomically), {@code data} (the bytes), {@code changes}
 * (the change log) and, while one is being applied, {@code image} (a staged point-in-time image). A batch of state
 * changes is one record appended to {@code journal} instead (one force for all), checkpointed into the state.json
 * files later; every state carries a sequence number, so a start applies a journaled state only over an older
 * state.json. A volume exists
 * once its {@code state.json} does; a directory without one is a create that crashed half-way and is removed at
 * start. A delete first renames the directory away (atomic), so a crash never leaves half a volume.
 */
@Singleton
public class VolumeStore {

    /** A volume id names a directory: letters, digits, '-' and '_' only. */
    static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,127}");
    /** The key of a state's sequence number in state.json and in journal entries. */
    private static final String SEQUENCE = "seq";
    /** The key of a journal entry saying a volume created by a batch was deleted (its id). */
    private static final String DELETED = "deleted";
    /** The journal is checkpointed into the state.json files once it is this big. */
    private static final long CHECKPOINT_BYTES = 16L << 20;
    private final ExecutorService checkpointer = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "array-journal-checkpoint");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean checkpointRunning = new AtomicBoolean();
    private static final Logger LOG = Logger.getLogger(VolumeStore.class);

    private final int blockSize;
    private final Path root;
    private final Path trash;
    private final ObjectMapper json;
    private final Map<String, Volume> volumes = new ConcurrentHashMap<>();
    /** The journal: batches of state changes, each one appended record, forced once (see {@link #journal}). */
    private final Path journal;
    /** The journal a checkpoint is writing out: renamed from {@link #journal}, deleted once written out. */
    private final Path checkpointing;
    /** Group images being applied on a secondary, one file per group, staged whole first. */
    private final Path groupImages;
    /** Orders every state write: the state of a volume with the highest sequence number is its latest one. */
    private final AtomicLong sequence = new AtomicLong();
    /** Volumes whose latest durable state is in the journal only: what a checkpoint writes to state.json. */
    private final Map<Volume, Journaled> inJournalOnly = new ConcurrentHashMap<>();

    /** One volume's new state in a batch, with the sequence number reserved for it under the volume's lock. */
    public record Journaled(Volume volume, VolumeState state, long sequence) {
    }

    public VolumeStore(ArrayConfig config) {
        this.blockSize = config.blockSize();
        this.root = Path.of(config.dataDir()).toAbsolutePath().resolve("volumes");
        this.trash = Path.of(config.dataDir()).toAbsolutePath().resolve("deleting");
        this.journal = Path.of(config.dataDir()).toAbsolutePath().resolve("journal");
        this.checkpointing = journal.resolveSibling("journal.checkpointing");
        this.groupImages = Path.of(config.dataDir()).toAbsolutePath().resolve("group-images");
        this.json = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
        try {
            Files.createDirectories(root);
            Files.createDirectories(trash);
            Files.createDirectories(groupImages);
            load();
        } catch (IOException e) {
            throw new UncheckedIOException("array data directory " + root + " cannot be read", e);
        }
    }

    private void load() throws IOException {
        deleteTree(trash);
        Files.createDirectories(trash);
        Map<String, Path> stateless = new HashMap<>();
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.toList()) {
                Path stateFile = dir.resolve("state.json");
                if (!Files.exists(stateFile)) {
                    // Created by a batch (its state in the journal only) or a create cut short: the journal tells.
                    stateless.put(dir.getFileName().toString(), dir);
                    continue;
                }
                ObjectNode stored = (ObjectNode) json.readTree(stateFile.toFile());
                long written = stored.path(SEQUENCE).asLong(0);
                stored.remove(SEQUENCE);
                VolumeState state = json.treeToValue(stored, VolumeState.class);
                Volume volume = new Volume(dir, state, ChangeLog.read(dir.resolve("changes")),
                        ChangeLog.read(dir.resolve("rejoin")));
                volume.sequence = written;
                sequence.accumulateAndGet(written, Math::max);
                volumes.put(state.id(), volume);
            }
        }
        int replayed = replayJournal(stateless);
        for (Path dir : stateless.values()) {
            LOG.warnf("volume directory %s has no state.json and no journaled state (a create cut short): removed",
                    dir);
            deleteTree(dir);
        }
        for (Volume volume : volumes.values()) {
            if (Files.exists(volume.stagedImage())) {
                // An image was staged but maybe not applied when the process stopped: applying it again is
                // harmless (same bytes), and the replica is then at the image's point in time, not half of it.
                applyStaged(volume);
            }
        }
        try (Stream<Path> staged = Files.list(groupImages)) {
            for (Path file : staged.toList()) {
                // A group image staged but maybe applied only in part: applied again whole, so every member of
                // the group is at the image's instant, not some of them.
                GroupImage image = GroupImage.decode(Files.readAllBytes(file));
                for (GroupImage.Member member : image.members()) {
                    Volume volume = volumes.get(member.id());
                    if (volume != null) {
                        applyBlocks(volume, Image.decode(member.image()));
                    }
                }
                Files.delete(file);
                LOG.infof("group image %s: applied again at start", file.getFileName());
            }
        }
        LOG.infof("array restored %d volumes from %s (%d states from the journal)", volumes.size(), root, replayed);
    }

    /**
     * Applies the journals' states that are newer than the volumes' state.json files: the one a checkpoint was
     * writing out when the process stopped, if any, and the current one (the higher sequence wins, whatever the
     * file). A record torn by a crash was never forced, so never acknowledged: it is cut off, so the next record is
     * appended after the last whole one. The journals are kept as they are otherwise (a checkpoint writes them out
     * later, off the start's path).
     */
    private int replayJournal(Map<String, Path> stateless) throws IOException {
        // The volumes restored from a batch create's record: a later delete's record, in either journal, takes them
        // away again.
        Set<Volume> adopted = new HashSet<>();
        return replayJournal(checkpointing, stateless, adopted) + replayJournal(journal, stateless, adopted);
    }

    private int replayJournal(Path file, Map<String, Path> stateless, Set<Volume> adopted) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file));
        int replayed = 0;
        int whole = 0;
        while (bytes.remaining() >= 2 * Integer.BYTES) {
            int length = bytes.getInt();
            int checksum = bytes.getInt();
            if (length < 0 || length > bytes.remaining()) {
                break;
            }
            byte[] record = new byte[length];
            bytes.get(record);
            CRC32 crc = new CRC32();
            crc.update(record);
            if ((int) crc.getValue() != checksum) {
                break;
            }
            for (JsonNode entry : json.readTree(record)) {
                long written = entry.path(SEQUENCE).asLong();
                sequence.accumulateAndGet(written, Math::max);
                if (entry.has(DELETED)) {
                    // Deleted after a batch created it: its id may come back as another volume, never as this one.
                    Volume gone = volumes.get(entry.path(DELETED).asText());
                    if (gone != null && gone.sequence < written && adopted.remove(gone)) {
                        volumes.remove(gone.state.id());
                        inJournalOnly.remove(gone);
                        stateless.put(gone.state.id(), gone.dir);
                    }
                    continue;
                }
                String id = entry.path("state").path("id").asText();
                Path created = stateless.remove(id);
                if (created != null) {
                    // A batch create: the record is the volume's commit point (its directory was forced before).
                    VolumeState state = json.treeToValue(entry.path("state"), VolumeState.class);
                    Volume volume = new Volume(created, state, ChangeLog.read(created.resolve("changes")),
                            ChangeLog.read(created.resolve("rejoin")));
                    BlockFile.ensure(volume.data(), state.sizeBytes());
                    volume.sequence = written;
                    volume.createdInJournal = true;
                    volumes.put(id, volume);
                    adopted.add(volume);
                    inJournalOnly.put(volume, new Journaled(volume, state, written));
                    replayed++;
                    continue;
                }
                Volume volume = volumes.get(id);
                // No volume: deleted after the record (a delete removes the directory). An older sequence: a
                // later change was written to state.json directly.
                if (volume != null && written > volume.sequence) {
                    volume.state = json.treeToValue(entry.path("state"), VolumeState.class);
                    volume.sequence = written;
                    inJournalOnly.put(volume, new Journaled(volume, volume.state, written));
                    replayed++;
                }
            }
            whole = bytes.position();
        }
        if (whole < bytes.capacity()) {
            LOG.warnf("%s: %d bytes of a record cut short by a crash dropped", file.getFileName(),
                    bytes.capacity() - whole);
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.truncate(whole);
                channel.force(true);
            }
        }
        return replayed;
    }

    /**
     * Makes a batch of state changes durable with one appended record and one force, instead of one state.json
     * replaced (and forced twice) per volume. The caller reserved each sequence number ({@link #reserve}) under
     * the volume's lock, when it changed the state in memory. The state.json files are written later, by a
     * checkpoint (when the journal has grown past {@link #CHECKPOINT_BYTES}, and at start).
     */
    public void journal(List<Journaled> changes) throws IOException {
        if (changes.isEmpty()) {
            return;
        }
        List<Map<String, Object>> entries = changes.stream().map(c -> Map.<String, Object>of(SEQUENCE,
                c.sequence(), "state", c.state())).toList();
        long size;
        synchronized (journal) {
            size = appendRecord(entries);
            for (Journaled change : changes) {
                inJournalOnly.merge(change.volume(), change, (was, now) -> was.sequence() > now.sequence() ? was
                        : now);
            }
        }
        if (size > CHECKPOINT_BYTES && checkpointRunning.compareAndSet(false, true)) {
            checkpointer.execute(() -> {
                try {
                    checkpoint();
                } catch (IOException e) {
                    LOG.errorf("journal checkpoint failed (retried at the next batch): %s", e.getMessage());
                } finally {
                    checkpointRunning.set(false);
                }
            });
        }
    }

    /** Appends one record to the journal and forces it; answers the journal's size. */
    private long appendRecord(List<Map<String, Object>> entries) throws IOException {
        byte[] record = json.writeValueAsBytes(entries);
        CRC32 crc = new CRC32();
        crc.update(record);
        ByteBuffer buffer = ByteBuffer.allocate(2 * Integer.BYTES + record.length);
        buffer.putInt(record.length).putInt((int) crc.getValue()).put(record).flip();
        synchronized (journal) {
            try (FileChannel channel = FileChannel.open(journal, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND)) {
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(false);
                return channel.size();
            }
        }
    }

    /** A sequence number for a state about to be journaled. Caller holds the volume's lock. */
    public long reserve(Volume volume) {
        volume.sequence = sequence.incrementAndGet();
        return volume.sequence;
    }

    /**
     * Writes the journaled states to their state.json files, then drops the journal. Holding the journal only to
     * rename it away: batches go on meanwhile into a fresh one, where a checkpoint that wrote the states out while
     * holding it stalled every batch for as long (a failover's demote of 500 volumes waited 9 to 12 s, one round in
     * two). A state already overtaken (a higher sequence in the volume, journaled anew or written directly) is left
     * alone. Runs on its own thread once the journal has grown past {@link #CHECKPOINT_BYTES}.
     */
    private void checkpoint() throws IOException {
        if (Files.exists(checkpointing)) {
            // An earlier checkpoint failed half-way (or a start found its journal): its states are still in the
            // map, and must be out before that journal can be dropped.
            // Which of its creates it holds is not known here: their volumes keep the flag (one more record at
            // their delete, no harm).
            writeOutAll(List.copyOf(inJournalOnly.values()), List.of());
        }
        List<Journaled> changes;
        List<Volume> created;
        synchronized (journal) {
            Files.move(journal, checkpointing, StandardCopyOption.ATOMIC_MOVE);
            Durable.syncDirectory(journal.getParent());
            changes = List.copyOf(inJournalOnly.values());
            // The batch creates in the journal renamed away; those journaled from now on keep their flag.
            created = volumes.values().stream().filter(volume -> volume.createdInJournal).toList();
        }
        writeOutAll(changes, created);
    }

    /** Writes the states out, then drops the journal being checkpointed, whose states they all are. */
    private void writeOutAll(List<Journaled> changes, List<Volume> createdInDroppedJournal) throws IOException {
        for (Journaled change : changes) {
            writeOut(change);
        }
        Files.delete(checkpointing);
        Durable.syncDirectory(checkpointing.getParent());
        // No create record is left that a directory of these volumes' ids could be taken for, once they are deleted.
        createdInDroppedJournal.forEach(volume -> volume.createdInJournal = false);
    }

    private void writeOut(Journaled change) throws IOException {
        Volume volume = change.volume();
        synchronized (volume) {
            if (volume.sequence == change.sequence() && volumes.get(volume.state.id()) == volume) {
                Durable.replace(volume.stateFile(), stateJson(change.state(), change.sequence()));
            }
        }
        inJournalOnly.remove(volume, change);
    }

    private byte[] stateJson(VolumeState state, long written) throws IOException {
        ObjectNode node = json.valueToTree(state);
        node.put(SEQUENCE, written);
        return json.writeValueAsBytes(node);
    }

    /**
     * Applies a point-in-time image to a replica as a whole: staged durably first, then written, then the state
     * records its time, then the staged copy goes. A crash at any step is finished at the next start.
     * Caller holds the volume's lock (or is the start, before anyone else sees the volume).
     */
    void applyImage(Volume volume, byte[] encoded, Image image) throws IOException {
        Durable.replace(volume.stagedImage(), encoded);
        applyStaged(volume, image);
    }

    /**
     * Applies a group's image to its members' replicas as a whole: staged durably first (one file for the group),
     * then each member written and its state given the image's time, then the staged copy goes. A crash at any step
     * is finished at the next start, so the members are never at different instants. Caller holds every member's
     * lock; {@code volumes} and {@code images} are in the same order.
     */
    void applyGroupImage(String group, byte[] encoded, List<Volume> members, List<Image> images) throws IOException {
        Path staged = groupImages.resolve(group);
        Durable.replace(staged, encoded);
        for (int i = 0; i < members.size(); i++) {
            applyBlocks(members.get(i), images.get(i));
        }
        Files.delete(staged);
    }

    private void applyBlocks(Volume volume, Image image) throws IOException {
        BlockFile.writeBlocks(volume.data(), image.blocks(), blockSize);
        save(volume, volume.state.withLastConsistentAt(image.takenAt()));
    }

    private void applyStaged(Volume volume) throws IOException {
        applyStaged(volume, Image.decode(Files.readAllBytes(volume.stagedImage())));
    }

    private void applyStaged(Volume volume, Image image) throws IOException {
        BlockFile.writeBlocks(volume.data(), image.blocks(), blockSize);
        save(volume, volume.state.withLastConsistentAt(image.takenAt()));
        Files.delete(volume.stagedImage());
    }

    public Optional<Volume> find(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(volumes.get(id));
    }

    public Volume get(String id) {
        return find(id).orElseThrow(() -> ArrayException.notFound("volume " + id + " is not on this array"));
    }

    public Collection<Volume> all() {
        return List.copyOf(volumes.values());
    }

    /** Creates the volume's files and then its state file; the state file's rename is the commit point. */
    public synchronized Volume create(VolumeState state) throws IOException {
        Volume existing = volumes.get(state.id());
        if (existing != null) {
            return existing;
        }
        Path dir = root.resolve(state.id());
        deleteTree(dir);
        Files.createDirectories(dir);
        Volume volume = new Volume(dir, state, new TreeSet<>(), new TreeSet<>());
        BlockFile.ensure(volume.data(), state.sizeBytes());
        volume.sequence = sequence.incrementAndGet();
        Durable.replace(volume.stateFile(), stateJson(state, volume.sequence));
        Durable.syncDirectory(root);
        volumes.put(state.id(), volume);
        return volume;
    }

    /**
     * Creates many volumes with one durable write for all, instead of a state.json forced per volume: each volume's
     * directory and data file first, then the volumes directory forced once (so every new directory survives a
     * crash), then one journal record with every new state, the batch's commit point (a checkpoint writes the
     * state.json files later). A crash before the record leaves directories without a state, removed at the next
     * start; after it, the start restores the volumes from the journal. Ids that exist already are skipped; the
     * answer is the volumes made, in order.
     */
    public synchronized List<Volume> createAll(List<VolumeState> states) throws IOException {
        List<Volume> made = new ArrayList<>();
        List<Journaled> changes = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (VolumeState state : states) {
            if (volumes.containsKey(state.id()) || !ids.add(state.id())) {
                continue;
            }
            Path dir = root.resolve(state.id());
            deleteTree(dir);
            Files.createDirectories(dir);
            Volume volume = new Volume(dir, state, new TreeSet<>(), new TreeSet<>());
            BlockFile.ensure(volume.data(), state.sizeBytes());
            volume.sequence = sequence.incrementAndGet();
            volume.createdInJournal = true;
            changes.add(new Journaled(volume, state, volume.sequence));
            made.add(volume);
        }
        if (made.isEmpty()) {
            return made;
        }
        Durable.syncDirectory(root);
        synchronized (journal) {
            // In the map before a checkpoint can rename this record's journal away: it writes out only the states of
            // volumes in the map, and a volume it skipped would have neither a state.json nor a record.
            journal(changes);
            made.forEach(volume -> volumes.put(volume.state.id(), volume));
        }
        return made;
    }

    /** Writes the volume's new state durably, then makes it the one in memory. Caller holds the volume's lock. */
    public void save(Volume volume, VolumeState state) throws IOException {
        long written = sequence.incrementAndGet();
        Durable.replace(volume.stateFile(), stateJson(state, written));
        volume.sequence = written;
        volume.state = state;
    }

    /** Whether this volume is still the one the store holds under its id (not deleted meanwhile). */
    public boolean holds(Volume volume) {
        return volumes.get(volume.state.id()) == volume;
    }

    public synchronized void delete(Volume volume) throws IOException {
        Path away = trash.resolve(volume.dir.getFileName() + "-" + System.nanoTime());
        Files.move(volume.dir, away, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        Durable.syncDirectory(root);
        if (volume.createdInJournal) {
            // Else a directory made for the same id later, cut short by a crash, would be taken for this volume.
            appendRecord(List.of(Map.of(SEQUENCE, sequence.incrementAndGet(), DELETED, volume.state.id())));
        }
        volumes.remove(volume.state.id());
        inJournalOnly.remove(volume);
        deleteTree(away);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
