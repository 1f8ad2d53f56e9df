package org.replication.v3.volume.driver.filearray.replication;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The blocks a fenced side lacks, kept on the serving array next to the volume so that they outlive the process:
 * one 8-byte block number per record, appended (and forced to disk) before the write that changes the block, so
 * the file always names at least the blocks the sides differ in. A failback or reprotect after a crash copies
 * those blocks only; without the file the sides must be compared whole.
 */
final class ChangeLog {

    private static final int RECORD = Long.BYTES;

    private ChangeLog() {
    }

    /**
     * Replaces the log with exactly {@code blocks} (a fence starting, or the set after a resync), atomically.
     *
     * <p>An empty set (every planned failover of an idle volume) is written without forcing it to disk: a machine
     * crash can then lose the new file, which makes the next resync compare the sides whole (the safe fallback), or
     * leave the previous log, a superset, which copies a few blocks too many; neither loses data. Forcing it would
     * cost one disk flush per volume of a failover: 10,000 of them in a backend's, which took it from 1.5 to 10 s.
     */
    static void reset(Path file, Collection<Long> blocks) throws IOException {
        if (blocks.isEmpty()) {
            FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING).close();
            return;
        }
        Path next = file.resolveSibling(file.getFileName() + ".next");
        try (FileChannel channel = FileChannel.open(next, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            writeAll(channel, blocks);
            channel.force(false);
        }
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Adds blocks about to be written; returns once they are on disk. */
    static void append(Path file, Collection<Long> blocks) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            writeAll(channel, blocks);
            channel.force(false);
        }
    }

    /**
     * The blocks the log names, or empty when there is no log or it cannot be trusted (a block outside the volume).
     * A record torn by a crash is dropped: it was being appended, so the write it announced had not started.
     */
    static Optional<TreeSet<Long>> read(Path file, long blocks) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            // Missing (never fenced while tracked, or lost) or unreadable: the caller compares the sides instead.
            return Optional.empty();
        }
        TreeSet<Long> changed = new TreeSet<>();
        ByteBuffer buffer = ByteBuffer.wrap(bytes, 0, bytes.length - bytes.length % RECORD);
        while (buffer.hasRemaining()) {
            long block = buffer.getLong();
            if (block < 0 || block >= blocks) {
                return Optional.empty();
            }
            changed.add(block);
        }
        return Optional.of(changed);
    }

    static void delete(Path file) throws IOException {
        Files.deleteIfExists(file);
    }

    private static void writeAll(FileChannel channel, Collection<Long> blocks) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(blocks.size() * RECORD);
        blocks.forEach(buffer::putLong);
        buffer.flip();
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }
}
