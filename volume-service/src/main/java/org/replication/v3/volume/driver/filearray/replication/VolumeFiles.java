package org.replication.v3.volume.driver.filearray.replication;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/** Durable block I/O on a volume file: a write returns only once its bytes are on disk. */
public final class VolumeFiles {

    private static final int COPY_CHUNK = 4 << 20;

    private VolumeFiles() {
    }

    /** Creates the (sparse) file of {@code sizeBytes} if it is not there; an existing one keeps its bytes. */
    static void ensure(Path file, long sizeBytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            if (channel.size() < sizeBytes) {
                // Writing the last byte extends the file without allocating the hole before it.
                channel.write(ByteBuffer.wrap(new byte[1]), sizeBytes - 1);
            }
        }
    }

    public static void write(Path file, long offset, byte[] data) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(data);
            long position = offset;
            while (buffer.hasRemaining()) {
                position += channel.write(buffer, position);
            }
            channel.force(false);
        }
    }

    public static byte[] read(Path file, long offset, int length) throws IOException {
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

    /**
     * Copies every block of {@code from} that holds data to {@code to}, one read pass with large reads; blocks of
     * zeros (holes, on a sparse file) are skipped, so a new volume costs a scan, not a copy. Returns bytes copied.
     */
    static long copyData(Path from, Path to, long size, int blockSize) throws IOException {
        int chunk = Math.max(blockSize, COPY_CHUNK - COPY_CHUNK % blockSize);
        byte[] zeros = new byte[blockSize];
        long copied = 0;
        try (FileChannel source = FileChannel.open(from, StandardOpenOption.READ);
                FileChannel target = FileChannel.open(to, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.allocate(chunk);
            for (long position = 0; position < size; position += chunk) {
                buffer.clear().limit((int) Math.min(chunk, size - position));
                int read;
                do {
                    read = source.read(buffer, position + buffer.position());
                } while (read >= 0 && buffer.hasRemaining());
                byte[] bytes = buffer.array();
                for (int start = 0; start < buffer.position(); start += blockSize) {
                    int length = Math.min(blockSize, buffer.position() - start);
                    if (Arrays.mismatch(bytes, start, start + length, zeros, 0, length) >= 0) {
                        target.write(ByteBuffer.wrap(bytes, start, length), position + start);
                        copied += length;
                    }
                }
            }
            target.force(false);
        }
        return copied;
    }

    /**
     * The blocks in which two files of {@code size} differ, one read pass over both: what a pair whose record of
     * changed blocks was lost (a restart) must resync.
     */
    static List<Long> differingBlocks(Path a, Path b, long size, int blockSize) throws IOException {
        int chunk = Math.max(blockSize, COPY_CHUNK - COPY_CHUNK % blockSize);
        List<Long> blocks = new ArrayList<>();
        try (FileChannel first = FileChannel.open(a, StandardOpenOption.READ);
                FileChannel second = FileChannel.open(b, StandardOpenOption.READ)) {
            ByteBuffer left = ByteBuffer.allocate(chunk);
            ByteBuffer right = ByteBuffer.allocate(chunk);
            for (long position = 0; position < size; position += chunk) {
                int length = (int) Math.min(chunk, size - position);
                readFully(first, left, position, length);
                readFully(second, right, position, length);
                for (int start = 0; start < length; start += blockSize) {
                    int end = Math.min(start + blockSize, length);
                    if (Arrays.mismatch(left.array(), start, end, right.array(), start, end) >= 0) {
                        blocks.add((position + start) / blockSize);
                    }
                }
            }
        }
        return blocks;
    }

    /** Fills {@code buffer} with {@code length} bytes from {@code position}; zeros past the end of the file. */
    private static void readFully(FileChannel channel, ByteBuffer buffer, long position, int length)
            throws IOException {
        Arrays.fill(buffer.array(), (byte) 0);
        buffer.clear().limit(length);
        int read;
        do {
            read = channel.read(buffer, position + buffer.position());
        } while (read >= 0 && buffer.hasRemaining());
    }

    /** SHA-256 of the whole volume: what tests and operators compare across the two sides. */
    public static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
            while (channel.read(buffer) > 0) {
                buffer.flip();
                digest.update(buffer);
                buffer.clear();
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
