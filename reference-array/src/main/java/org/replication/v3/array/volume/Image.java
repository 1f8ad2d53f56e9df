package org.replication.v3.array.volume;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A point-in-time image of some blocks of a volume, as one array ships it to another: read under the volume's lock
 * at {@code takenAt}, applied on the peer as a whole (staged to disk first), so the replica always holds a state the
 * primary had at one instant. An async ship also carries the pending report of that instant, so the secondary's last
 * report never names blocks an image applied after it. Wire and staging format: takenAt millis, count, then (block,
 * length, bytes) each; then, optionally, the report: asOf millis, oldest pending millis (-1: none), count, how many
 * block numbers follow (-1: only the count), the block numbers.
 */
public record Image(Instant takenAt, Map<Long, byte[]> blocks, PendingReport report) {

    public Image(Instant takenAt, Map<Long, byte[]> blocks) {
        this(takenAt, blocks, null);
    }

    public byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeLong(takenAt.toEpochMilli());
            out.writeInt(blocks.size());
            for (Map.Entry<Long, byte[]> block : blocks.entrySet()) {
                out.writeLong(block.getKey());
                out.writeInt(block.getValue().length);
                out.write(block.getValue());
            }
            if (report != null) {
                out.writeLong(report.asOf().toEpochMilli());
                out.writeLong(report.oldestPendingAt() == null ? -1 : report.oldestPendingAt().toEpochMilli());
                out.writeLong(report.count());
                out.writeInt(report.blocks() == null ? -1 : report.blocks().size());
                if (report.blocks() != null) {
                    for (long block : report.blocks()) {
                        out.writeLong(block);
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory does not fail", e);
        }
        return bytes.toByteArray();
    }

    public static Image decode(byte[] encoded) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(encoded))) {
            Instant takenAt = Instant.ofEpochMilli(in.readLong());
            int count = in.readInt();
            if (count < 0) {
                throw ArrayException.badRequest("an image holds 0 blocks or more, not " + count);
            }
            Map<Long, byte[]> blocks = new TreeMap<>();
            for (int i = 0; i < count; i++) {
                long block = in.readLong();
                int length = in.readInt();
                if (block < 0 || length < 0 || length > in.available()) {
                    throw ArrayException.badRequest("image block " + i + " is malformed (block " + block
                            + ", length " + length + ")");
                }
                blocks.put(block, in.readNBytes(length));
            }
            PendingReport report = null;
            if (in.available() > 0) {
                Instant asOf = Instant.ofEpochMilli(in.readLong());
                long oldest = in.readLong();
                long pending = in.readLong();
                int listed = in.readInt();
                List<Long> numbers = null;
                if (listed >= 0) {
                    numbers = new ArrayList<>(listed);
                    for (int i = 0; i < listed; i++) {
                        numbers.add(in.readLong());
                    }
                }
                report = new PendingReport(numbers, pending, asOf, oldest < 0 ? null : Instant.ofEpochMilli(oldest));
            }
            return new Image(takenAt, blocks, report);
        } catch (IOException e) {
            throw ArrayException.badRequest("the image is truncated: " + e.getMessage());
        }
    }
}
