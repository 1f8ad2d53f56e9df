package org.replication.v3.array.volume;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * A point-in-time image of some blocks of a volume, as one array ships it to another: read under the volume's lock
 * at {@code takenAt}, applied on the peer as a whole (staged to disk first), so the replica always holds a state the
 * primary had at one instant. Wire and staging format: takenAt millis, count, then (block, length, bytes) each.
 */
public record Image(Instant takenAt, Map<Long, byte[]> blocks) {

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
            return new Image(takenAt, blocks);
        } catch (IOException e) {
            throw ArrayException.badRequest("the image is truncated: " + e.getMessage());
        }
    }
}
