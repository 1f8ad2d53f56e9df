package org.replication.v3.drill;

import java.util.Map;
import java.util.TreeMap;

/** The comparison of what an array holds with the write log, said in one line however many blocks differ. */
final class Blocks {

    private Blocks() {
    }

    /**
     * Null when every block holds its last acknowledged write or a later one; else how many do not, with the first
     * few (seq -1: bytes no write of that block produced).
     */
    static String older(Map<Long, Long> lastAcknowledged, long[] held) {
        Map<Long, Long> older = new TreeMap<>();
        lastAcknowledged.forEach((block, seq) -> {
            if (held[block.intValue()] < seq) {
                older.put(block, seq);
            }
        });
        if (older.isEmpty()) {
            return null;
        }
        StringBuilder text = new StringBuilder(older.size() + " blocks hold less than their last acknowledged write"
                + " (block: held/acknowledged seq");
        older.entrySet().stream().limit(5).forEach(entry -> text.append(' ').append(entry.getKey()).append(": ")
                .append(held[entry.getKey().intValue()]).append('/').append(entry.getValue()));
        return text.append(older.size() > 5 ? " ...)" : ")").toString();
    }
}
