package org.replication.v3.array.volume;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.replication.v3.array.config.ArrayConfig;

/**
 * What a start finds after a crash at each step of the store's writes: every state is the last one written, an
 * image staged but not applied is applied, and a create cut short leaves nothing. A new store on the same directory
 * is what a restart after kill -9 is.
 */
class VolumeStoreTest {

    @TempDir
    Path dir;

    @Test
    void aNewStoreOnTheSameDirectoryHasExactlyTheStatesLastWritten() throws Exception {
        VolumeStore store = new VolumeStore(config());
        Volume volume = store.create(new VolumeState("v1", 8192, Role.PRIMARY, 1, null, null, null));
        VolumeState last = volume.state().withGeneration(7).withFence(new Fence(9, "site-b"))
                .withPair(new Pair("site-b", Mode.ASYNC, 30, null, true))
                .withLastConsistentAt(Instant.parse("2026-12-05T00:00:00.123Z"));
        store.save(volume, last);
        ChangeLog.append(volume.changeLog(), List.of(1L));
        ChangeLog.reset(volume.rejoinLog(), List.of(0L, 2L));

        VolumeStore restarted = new VolumeStore(config());

        assertThat(restarted.get("v1").state()).isEqualTo(last);
        assertThat(restarted.get("v1").changed).containsExactly(1L);
        assertThat(restarted.get("v1").rejoin).containsExactly(0L, 2L);
    }

    @Test
    void aStagedImageIsAppliedAtStartAsAWhole() throws Exception {
        VolumeStore store = new VolumeStore(config());
        Volume volume = store.create(new VolumeState("v2", 3 * 4096, Role.SECONDARY, 1, null, null, null));
        Map<Long, byte[]> blocks = new TreeMap<>();
        blocks.put(0L, filled(4096, (byte) 1));
        blocks.put(2L, filled(4096, (byte) 2));
        Instant takenAt = Instant.parse("2026-12-05T00:01:00Z");
        // The process stopped right after staging the image: nothing of it is in the data file yet.
        Durable.replace(volume.stagedImage(), new Image(takenAt, blocks).encode());

        Volume restarted = new VolumeStore(config()).get("v2");

        assertThat(BlockFile.read(restarted.data(), 0, 4096)).isEqualTo(filled(4096, (byte) 1));
        assertThat(BlockFile.read(restarted.data(), 4096, 4096)).isEqualTo(new byte[4096]);
        assertThat(BlockFile.read(restarted.data(), 8192, 4096)).isEqualTo(filled(4096, (byte) 2));
        assertThat(restarted.state().lastConsistentAt()).isEqualTo(takenAt);
        assertThat(Files.exists(restarted.stagedImage())).isFalse();
    }

    @Test
    void aCreateCutShortBeforeItsStateFileLeavesNoVolume() throws Exception {
        new VolumeStore(config());
        Path half = dir.resolve("volumes").resolve("v3");
        Files.createDirectories(half);
        Files.write(half.resolve("data"), new byte[10]);
        Files.write(half.resolve("state.json.tmp"), "{\"id\": \"v3\"".getBytes());

        VolumeStore restarted = new VolumeStore(config());

        assertThat(restarted.find("v3")).isEmpty();
        assertThat(Files.exists(half)).isFalse();
    }

    @Test
    void aStateFileBeingReplacedWhenTheProcessDiedLeavesTheOldOne() throws Exception {
        VolumeStore store = new VolumeStore(config());
        Volume volume = store.create(new VolumeState("v4", 4096, Role.PRIMARY, 3, null, null, null));
        // A temp file written but never renamed over state.json: the rename is the commit point.
        Files.write(volume.dir.resolve("state.json.tmp"), "{\"id\": \"v4\", \"generation\": 99".getBytes());

        assertThat(new VolumeStore(config()).get("v4").state().generation()).isEqualTo(3);
    }

    @Test
    void aDeleteIsAtomic() throws Exception {
        VolumeStore store = new VolumeStore(config());
        Volume volume = store.create(new VolumeState("v5", 4096, Role.PRIMARY, 1, null, null, null));
        assertThat(store.holds(volume)).isTrue();
        store.delete(volume);

        // A delete that found the volume before this one took it away sees it gone (ArrayService answers 204).
        assertThat(store.holds(volume)).isFalse();
        assertThat(new VolumeStore(config()).find("v5")).isEmpty();
        assertThat(Files.exists(dir.resolve("volumes").resolve("v5"))).isFalse();
    }

    @Test
    void aBatchIsOneJournalRecordThatARestartReplaysAndARecordTornByACrashIsDropped() throws Exception {
        VolumeStore store = new VolumeStore(config());
        Volume v1 = store.create(new VolumeState("v1", 8192, Role.SECONDARY, 2, null, null, null));
        Volume v2 = store.create(new VolumeState("v2", 8192, Role.SECONDARY, 2, null, null, null));
        VolumeState promoted1 = v1.state().withRole(Role.PRIMARY).withGeneration(4).withPromotedBy("mediator");
        VolumeState promoted2 = v2.state().withRole(Role.PRIMARY).withGeneration(4).withPromotedBy("mediator");
        store.journal(List.of(new VolumeStore.Journaled(v1, promoted1, store.reserve(v1)),
                new VolumeStore.Journaled(v2, promoted2, store.reserve(v2))));
        long journalled = Files.size(dir.resolve("journal"));
        // The next batch is cut short by kill -9 half-way through its record: it was never acknowledged.
        VolumeState fenced1 = promoted1.withFence(new Fence(5, "site-b"));
        store.journal(List.of(new VolumeStore.Journaled(v1, fenced1, store.reserve(v1))));
        try (var channel = java.nio.channels.FileChannel.open(dir.resolve("journal"),
                java.nio.file.StandardOpenOption.WRITE)) {
            channel.truncate(journalled + (Files.size(dir.resolve("journal")) - journalled) / 2);
        }

        VolumeStore restarted = new VolumeStore(config());

        assertThat(restarted.get("v1").state()).isEqualTo(promoted1);
        assertThat(restarted.get("v2").state()).isEqualTo(promoted2);
        assertThat(Files.size(dir.resolve("journal"))).isEqualTo(journalled);
        // A batch after the restart goes after the last whole record, and is replayed by the next start.
        Volume again = restarted.get("v2");
        VolumeState demoted = again.state().withRole(Role.SECONDARY);
        restarted.journal(List.of(new VolumeStore.Journaled(again, demoted, restarted.reserve(again))));
        assertThat(new VolumeStore(config()).get("v2").state()).isEqualTo(demoted);
    }

    @Test
    void aStartReplaysTheJournalACheckpointWasWritingOutAndTheFreshOneAfterIt() throws Exception {
        VolumeStore store = new VolumeStore(config());
        Volume v1 = store.create(new VolumeState("v1", 8192, Role.SECONDARY, 2, null, null, null));
        Volume v2 = store.create(new VolumeState("v2", 8192, Role.SECONDARY, 2, null, null, null));
        VolumeState promoted1 = v1.state().withRole(Role.PRIMARY).withGeneration(4);
        VolumeState promoted2 = v2.state().withRole(Role.PRIMARY).withGeneration(4);
        store.journal(List.of(new VolumeStore.Journaled(v1, promoted1, store.reserve(v1)),
                new VolumeStore.Journaled(v2, promoted2, store.reserve(v2))));
        // Killed while a checkpoint wrote the renamed journal out: batches went on into a fresh one meanwhile.
        Files.move(dir.resolve("journal"), dir.resolve("journal.checkpointing"));
        VolumeState fenced2 = promoted2.withFence(new Fence(5, "site-b"));
        store.journal(List.of(new VolumeStore.Journaled(v2, fenced2, store.reserve(v2))));

        VolumeStore restarted = new VolumeStore(config());

        assertThat(restarted.get("v1").state()).isEqualTo(promoted1);
        assertThat(restarted.get("v2").state()).isEqualTo(fenced2);
    }

    @Test
    void aJournaledStateNeverOverwritesALaterDirectWriteOrADeletedVolume() throws Exception {
        VolumeStore store = new VolumeStore(config());
        Volume v1 = store.create(new VolumeState("v1", 8192, Role.SECONDARY, 2, null, null, null));
        Volume v2 = store.create(new VolumeState("v2", 8192, Role.SECONDARY, 2, null, null, null));
        VolumeState journaled = v1.state().withGeneration(4);
        store.journal(List.of(new VolumeStore.Journaled(v1, journaled, store.reserve(v1)),
                new VolumeStore.Journaled(v2, v2.state().withGeneration(4), store.reserve(v2))));
        VolumeState later = journaled.withRole(Role.PRIMARY);
        store.save(v1, later);
        store.delete(v2);
        Volume recreated = store.create(new VolumeState("v2", 4096, Role.PRIMARY, 1, null, null, null));

        VolumeStore restarted = new VolumeStore(config());

        assertThat(restarted.get("v1").state()).isEqualTo(later);
        assertThat(restarted.get("v2").state()).isEqualTo(recreated.state());
    }

    @Test
    void aBatchCreateIsOneJournalRecordAndARestartRestoresItsVolumesWithoutStateFiles() throws Exception {
        VolumeStore store = new VolumeStore(config());
        VolumeState s1 = new VolumeState("b1", 8192, Role.PRIMARY, 1, null, null, null, "bulk", null, null);
        VolumeState s2 = new VolumeState("b2", 4096, Role.SECONDARY, 3, null,
                new Pair("site-b", Mode.ASYNC, 30, null, false), null);
        List<Volume> made = store.createAll(List.of(s1, s2, s1));
        // A later change of one of them, journaled too.
        VolumeState paired = s1.withPair(new Pair("site-b", Mode.SYNC, null, Topology.ACTIVE_PASSIVE, false));
        store.journal(List.of(new VolumeStore.Journaled(made.get(0), paired, store.reserve(made.get(0)))));

        assertThat(made).hasSize(2);
        assertThat(Files.exists(made.get(0).stateFile())).isFalse();
        VolumeStore restarted = new VolumeStore(config());

        assertThat(restarted.get("b1").state()).isEqualTo(paired);
        assertThat(restarted.get("b2").state()).isEqualTo(s2);
        assertThat(Files.size(restarted.get("b1").data())).isEqualTo(8192);
        // Asked again, the batch makes nothing: the volumes are there.
        assertThat(restarted.createAll(List.of(s1, s2))).isEmpty();
    }

    @Test
    void aDirectoryOfADeletedBatchVolumeIsNeverTakenForItAgain() throws Exception {
        VolumeStore store = new VolumeStore(config());
        VolumeState state = new VolumeState("b3", 8192, Role.PRIMARY, 1, null, null, null);
        store.delete(store.createAll(List.of(state)).get(0));
        // A create of the same id cut short by a crash before its state file: a directory with no state.
        Path half = dir.resolve("volumes").resolve("b3");
        Files.createDirectories(half);
        Files.write(half.resolve("data"), new byte[10]);

        VolumeStore restarted = new VolumeStore(config());

        assertThat(restarted.find("b3")).isEmpty();
        assertThat(Files.exists(half)).isFalse();
    }

    private static byte[] filled(int length, byte value) {
        byte[] bytes = new byte[length];
        java.util.Arrays.fill(bytes, value);
        return bytes;
    }

    private ArrayConfig config() {
        return new ArrayConfig() {
            public String name() {
                return "site-a";
            }

            public String dataDir() {
                return dir.toString();
            }

            public Admin admin() {
                return Optional::empty;
            }

            public Map<String, Peer> peers() {
                return Map.of();
            }

            public int blockSize() {
                return 4096;
            }

            public Duration peerTimeout() {
                return Duration.ofSeconds(1);
            }

            public Duration shipTick() {
                return Duration.ofMillis(200);
            }

            public Duration peerProbe() {
                return Duration.ZERO;
            }

            public Duration peerHeartbeat() {
                return Duration.ZERO;
            }

            public Duration syncHold() {
                return Duration.ZERO;
            }

            public Duration pendingReport() {
                return Duration.ZERO;
            }
        };
    }
}
