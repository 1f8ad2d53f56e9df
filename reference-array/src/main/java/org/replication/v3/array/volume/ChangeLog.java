package org.replication.v3.array.volume;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.TreeSet;

/**
 * The blocks the peer lacks, next to the volume so they outlive the process: one 8-byte block number per record,
 * appended and forced to disk before the write that changes the block, so the file always names at least the
 * blocks the sides differ in. A resync copies those blocks only.
 */
final class ChangeLog {

    private static final int RECORD = Long.BYTES;

    private ChangeLog() {
    }

    /** Replaces the log with exactly {@code blocks}, atomically and durably. */
    static void reset(Path file, Collection<Long> blocks) throws IOException {
        Durable.replace(file, bytes(blocks));
    }

    /** Adds blocks about to be written; returns once they are on disk. */
    static void append(Path file, Collection<Long> blocks) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes(blocks));
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(false);
        }
    }

    /**
     * The blocks the log names; none without a log. A record torn by a crash is dropped: it was being appended, so
     * the write it announced had not started.
     */
    static TreeSet<Long> read(Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return new TreeSet<>();
        }
        TreeSet<Long> changed = new TreeSet<>();
        ByteBuffer buffer = ByteBuffer.wrap(bytes, 0, bytes.length - bytes.length % RECORD);
        while (buffer.hasRemaining()) {
            changed.add(buffer.getLong());
        }
        return changed;
    }

    private static byte[] bytes(Collection<Long> blocks) {
        ByteBuffer buffer = ByteBuffer.allocate(blocks.size() * RECORD);
        blocks.forEach(buffer::putLong);
        return buffer.array();
    }
}
