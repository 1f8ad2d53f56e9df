package org.replication.v3.array.volume;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Durable block I/O on a volume's file: a write returns only once its bytes are on disk. A file that was never
 * written holds only zeros: a marker beside it, made durable before its first write, says otherwise, so that the
 * initial copy of a new volume's pair reads nothing (a scan of a 1 GiB volume takes seconds).
 */
final class BlockFile {

    private static final String WRITTEN = "written";

    private BlockFile() {
    }

    /** Before the first bytes land: the marker is on disk (its directory forced) before the data can be. */
    private static void markWritten(Path file) throws IOException {
        Path marker = file.resolveSibling(WRITTEN);
        if (!Files.exists(marker)) {
            Files.createFile(marker);
            Durable.syncDirectory(file.getParent());
        }
    }

    /** Makes the (sparse) file at least {@code sizeBytes} long; existing bytes stay. */
    static void ensure(Path file, long sizeBytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            if (channel.size() < sizeBytes) {
                // Writing the last byte extends the file without allocating the hole before it.
                channel.write(ByteBuffer.wrap(new byte[1]), sizeBytes - 1);
            }
            channel.force(true);
        }
    }

    /** Empties the file to {@code sizeBytes} of zeros (a stale copy about to receive a full copy). */
    static void reset(Path file, long sizeBytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            channel.truncate(0);
            channel.force(true);
        }
        ensure(file, sizeBytes);
    }

    static void write(Path file, long offset, byte[] data) throws IOException {
        markWritten(file);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(data);
            long position = offset;
            while (buffer.hasRemaining()) {
                position += channel.write(buffer, position);
            }
            channel.force(false);
        }
    }

    /** Writes whole blocks (an image), then forces the file once. */
    static void writeBlocks(Path file, java.util.Map<Long, byte[]> blocks, int blockSize) throws IOException {
        if (blocks.isEmpty()) {
            return;
        }
        markWritten(file);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            for (java.util.Map.Entry<Long, byte[]> block : blocks.entrySet()) {
                ByteBuffer buffer = ByteBuffer.wrap(block.getValue());
                long position = block.getKey() * blockSize;
                while (buffer.hasRemaining()) {
                    position += channel.write(buffer, position);
                }
            }
            channel.force(false);
        }
    }

    static byte[] read(Path file, long offset, int length) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(length);
            long position = offset;
            while (buffer.hasRemaining()) {
                int read = channel.read(buffer, position);
                if (read < 0) {
                    break;
                }
                position += read;
            }
            return buffer.array();
        }
    }

    /** The blocks that hold anything but zeros: what an initial copy must carry. One pass, 4 MiB reads. */
    static List<Long> dataBlocks(Path file, long size, int blockSize) throws IOException {
        List<Long> blocks = new ArrayList<>();
        if (!Files.exists(file.resolveSibling(WRITTEN))) {
            return blocks;
        }
        byte[] zeros = new byte[blockSize];
        int chunk = Math.max(blockSize, (4 << 20) - (4 << 20) % blockSize);
        ByteBuffer buffer = ByteBuffer.allocate(chunk);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            for (long position = 0; position < size; position += chunk) {
                Arrays.fill(buffer.array(), (byte) 0);
                buffer.clear().limit((int) Math.min(chunk, size - position));
                int read;
                do {
                    read = channel.read(buffer, position + buffer.position());
                } while (read >= 0 && buffer.hasRemaining());
                int length = buffer.limit();
                for (int start = 0; start < length; start += blockSize) {
                    int end = Math.min(start + blockSize, length);
                    if (Arrays.mismatch(buffer.array(), start, end, zeros, 0, end - start) >= 0) {
                        blocks.add((position + start) / blockSize);
                    }
                }
            }
        }
        return blocks;
    }

    /** SHA-256 of the first {@code size} bytes: what tests and operators compare across arrays. */
    static String sha256(Path file, long size) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
            long position = 0;
            while (position < size) {
                buffer.clear().limit((int) Math.min(buffer.capacity(), size - position));
                int read = channel.read(buffer, position);
                if (read < 0) {
                    break;
                }
                buffer.flip();
                digest.update(buffer);
                position += read;
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
