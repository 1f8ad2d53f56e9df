package org.replication.v3.benchmarks;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/** Runs numbered tasks on a fixed number of client threads, as many clients of the API would. */
final class Parallel {

    private Parallel() {
    }

    /** Calls {@code task} with 0 .. tasks-1, each once, on at most {@code clients} threads; returns when all ran. */
    static void run(int clients, int tasks, IntConsumer task) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        int threads = Math.min(clients, Math.max(1, tasks));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        for (int c = 0; c < threads; c++) {
            pool.execute(() -> {
                for (int i = next.getAndIncrement(); i < tasks; i = next.getAndIncrement()) {
                    task.accept(i);
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.HOURS);
    }
}
