package org.replication.v3.array.volume;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One point-in-time image of every async member of a consistency group, as one array ships it to another: all taken
 * at one instant (under all the members' locks), applied on the peer as a whole (staged to disk first), so the
 * group's replicas are always at one instant of the primary together. Wire and staging format: count, then per
 * member: id (UTF), the sender's generation for it, the length of its {@link Image} and the image.
 */
public record GroupImage(List<Member> members) {

    /** One member's part: its id, the sender's generation of it, and its image (encoded). */
    public record Member(String id, long generation, byte[] image) {
    }

    public byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(members.size());
            for (Member member : members) {
                out.writeUTF(member.id());
                out.writeLong(member.generation());
                out.writeInt(member.image().length);
                out.write(member.image());
            }
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory does not fail", e);
        }
        return bytes.toByteArray();
    }

    public static GroupImage decode(byte[] encoded) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(encoded))) {
            int count = in.readInt();
            if (count < 0) {
                throw ArrayException.badRequest("a group image holds 0 members or more, not " + count);
            }
            List<Member> members = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                String id = in.readUTF();
                long generation = in.readLong();
                int length = in.readInt();
                if (length < 0 || length > in.available()) {
                    throw ArrayException.badRequest("group image member " + id + " is malformed (length " + length
                            + ")");
                }
                members.add(new Member(id, generation, in.readNBytes(length)));
            }
            return new GroupImage(members);
        } catch (IOException e) {
            throw ArrayException.badRequest("the group image is truncated: " + e.getMessage());
        }
    }
}
