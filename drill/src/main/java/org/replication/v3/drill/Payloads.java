package org.replication.v3.drill;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * A write's bytes: a header naming (volume, block, seq), then filler drawn from those three. Whatever a block holds
 * says which write put it there, and is checked byte for byte against that write.
 */
final class Payloads {

    static final int BLOCK = 4096;

    private Payloads() {
    }

    static byte[] of(String volume, long block, long seq) {
        byte[] bytes = new byte[BLOCK];
        new SplittableRandom(((volume.hashCode() * 1_000_003L) + block) * 1_000_033L + seq).nextBytes(bytes);
        byte[] header = header(volume, block, seq);
        System.arraycopy(header, 0, bytes, 0, header.length);
        return bytes;
    }

    /**
     * The seq of the write a block holds: 0 for a block never written (all zeros), -1 for bytes no write of this
     * volume and block produced (damage, or another block's data).
     */
    static long seqOf(String volume, long block, byte[] data, int offset) {
        boolean zero = true;
        for (int i = offset; i < offset + BLOCK && zero; i++) {
            zero = data[i] == 0;
        }
        if (zero) {
            return 0;
        }
        int end = offset;
        while (end < offset + 128 && data[end] != '\n') {
            end++;
        }
        String[] fields = new String(data, offset, end - offset, StandardCharsets.US_ASCII).split(" ");
        if (fields.length != 4 || !fields[0].equals("drill") || !fields[1].equals(volume)
                || !fields[2].equals(Long.toString(block))) {
            return -1;
        }
        long seq;
        try {
            seq = Long.parseLong(fields[3]);
        } catch (NumberFormatException e) {
            return -1;
        }
        byte[] expected = of(volume, block, seq);
        return java.util.Arrays.equals(expected, 0, BLOCK, data, offset, offset + BLOCK) ? seq : -1;
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] header(String volume, long block, long seq) {
        return ("drill " + volume + " " + block + " " + seq + "\n").getBytes(StandardCharsets.US_ASCII);
    }
}
