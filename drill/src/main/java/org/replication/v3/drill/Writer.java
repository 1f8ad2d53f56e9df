package org.replication.v3.drill;

import java.util.SplittableRandom;
import java.util.function.LongPredicate;

/**
 * A host writing one volume at a steady rate, 4 KiB at a time, to the array of the site it is pointed at (none:
 * paused). Its blocks are a fixed subset of the volume's first blocks (active/active: even blocks from site-b, odd
 * blocks from site-c, because an array does not order concurrent writes to one block across sites).
 */
final class Writer implements Runnable {

    private final Arrays arrays;
    private final WriteLog log;
    private final int blocks;
    private final LongPredicate mine;
    private final long periodNanos;
    private final SplittableRandom random;
    private volatile String site;
    private volatile boolean stopped;
    private Thread thread;

    Writer(Arrays arrays, WriteLog log, int blocks, LongPredicate mine, int writesPerSecond, long seed) {
        this.arrays = arrays;
        this.log = log;
        this.blocks = blocks;
        this.mine = mine;
        this.periodNanos = 1_000_000_000L / writesPerSecond;
        this.random = new SplittableRandom(seed);
    }

    void start(String site, String name) {
        this.site = site;
        thread = new Thread(this, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Points the host at another site's array, or pauses it (null). A write in flight finishes first. */
    void pointAt(String site) {
        this.site = site;
    }

    String site() {
        return site;
    }

    void stop() {
        stopped = true;
        if (thread != null) {
            try {
                thread.join(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void run() {
        long next = System.nanoTime();
        while (!stopped) {
            String target = site;
            if (target != null) {
                long block = nextBlock();
                long seq = log.nextSeq();
                byte[] data = Payloads.of(log.volume, block, seq);
                long sentAt = System.currentTimeMillis();
                Http.Answer answer = arrays.write(target, log.volume, block * Payloads.BLOCK, data);
                log.add(new WriteLog.Write(log.volume, target, block, seq, sentAt, System.currentTimeMillis(),
                        answer.status(), answer.ok() ? null : answer.faultKind(), Payloads.sha256(data)));
            }
            // A steady rate, not a burst after a long (held) write.
            next = Math.max(next + periodNanos, System.nanoTime());
            long wait = next - System.nanoTime();
            if (wait > 0) {
                try {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private long nextBlock() {
        while (true) {
            long block = random.nextLong(blocks);
            if (mine.test(block)) {
                return block;
            }
        }
    }
}
