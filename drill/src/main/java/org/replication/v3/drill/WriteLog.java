package org.replication.v3.drill;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every write sent to one volume, on either side: when it was sent and answered, which block and seq, its SHA-256,
 * and whether the array acknowledged it. A block is only ever written by one writer at a time, so the seqs of one
 * block's writes grow in the order they were sent.
 */
final class WriteLog {

    /** One write; {@code ackedAt} is when the answer came (any answer), {@code status} -1 when none came. */
    record Write(String volume, String site, long block, long seq, long sentAt, long ackedAt, int status,
            String fault, String sha) {

        boolean acknowledged() {
            return status >= 200 && status < 300;
        }
    }

    final String volume;
    private final AtomicLong seqs = new AtomicLong();
    private final List<Write> writes = new ArrayList<>();

    WriteLog(String volume) {
        this.volume = volume;
    }

    long nextSeq() {
        return seqs.incrementAndGet();
    }

    long lastSeq() {
        return seqs.get();
    }

    synchronized void add(Write write) {
        writes.add(write);
    }

    /** How many writes were acknowledged so far. */
    synchronized long acknowledged() {
        return writes.stream().filter(w -> w.status() / 100 == 2).count();
    }

    synchronized List<Write> writes() {
        return List.copyOf(writes);
    }

    /** Per block, the highest seq acknowledged so far (the version a read must show, or a later one). */
    synchronized Map<Long, Long> lastAcknowledged() {
        return lastAcknowledgedBefore(Long.MAX_VALUE);
    }

    synchronized Map<Long, Long> lastAcknowledgedBefore(long ackedBefore) {
        Map<Long, Long> last = new HashMap<>();
        for (Write write : writes) {
            if (write.acknowledged() && write.ackedAt() < ackedBefore) {
                last.merge(write.block(), write.seq(), Math::max);
            }
        }
        return last;
    }

    synchronized List<Write> where(java.util.function.Predicate<Write> filter) {
        List<Write> found = new ArrayList<>();
        for (Write write : writes) {
            if (filter.test(write)) {
                found.add(write);
            }
        }
        return found;
    }

    /** Every write of these logs (each with its kind), one CSV line each, for a look after the drill. */
    static void writeCsv(Path file, List<Map.Entry<String, WriteLog>> logs) throws IOException {
        StringBuilder csv = new StringBuilder("volume,kind,site,block,seq,sent_at,acked_at,status,fault,sha256\n");
        for (Map.Entry<String, WriteLog> log : logs) {
            for (Write w : log.getValue().writes()) {
                csv.append(w.volume()).append(',').append(log.getKey()).append(',').append(w.site()).append(',')
                        .append(w.block()).append(',').append(w.seq()).append(',').append(w.sentAt()).append(',')
                        .append(w.ackedAt()).append(',').append(w.status()).append(',')
                        .append(w.fault() == null ? "" : w.fault().replace(',', ';')).append(',').append(w.sha())
                        .append('\n');
            }
        }
        Files.writeString(file, csv);
    }
}
