package org.replication.v3.benchmarks;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Watches the volume events topic for the volume-service's switched events, so a failover can be timed to the
 * moment its {@code failed-over} event reaches a consumer, as the issue defines it, without polling the API (which
 * would load the very services being timed).
 */
final class SwitchedEvents implements AutoCloseable {

    private static final Pattern SWITCHED = Pattern.compile("\"type\"\\s*:\\s*\"volume\\.switched\\.v1\"");
    private static final Pattern OPERATION = Pattern.compile("\"operationId\"\\s*:\\s*\"([^\"]+)\"");

    private final KafkaConsumer<String, String> consumer;
    private final Map<String, CountDownLatch> awaited = new ConcurrentHashMap<>();
    private final Map<String, Long> arrived = new ConcurrentHashMap<>();
    private final Thread poller;
    private volatile boolean running = true;

    SwitchedEvents(String bootstrapServers, String topic) {
        Properties properties = new Properties();
        properties.put("bootstrap.servers", bootstrapServers);
        properties.put("group.id", "benchmark-" + UUID.randomUUID());
        properties.put("auto.offset.reset", "latest");
        properties.put("enable.auto.commit", "false");
        properties.put("key.deserializer", StringDeserializer.class.getName());
        properties.put("value.deserializer", StringDeserializer.class.getName());
        consumer = new KafkaConsumer<>(properties);
        consumer.subscribe(List.of(topic));
        // Joined before the first request, or the first events would be missed at "latest".
        while (consumer.assignment().isEmpty()) {
            consumer.poll(Duration.ofMillis(100));
        }
        poller = new Thread(this::poll, "switched-events");
        poller.setDaemon(true);
        poller.start();
    }

    /**
     * The {@link System#nanoTime()} at which the operation's first switched event arrived (possibly before this
     * call), or -1 after the timeout.
     */
    long awaitArrival(String operationId, long timeout, TimeUnit unit) throws InterruptedException {
        CountDownLatch latch = awaited.computeIfAbsent(operationId, id -> new CountDownLatch(1));
        if (!arrived.containsKey(operationId)) {
            latch.await(timeout, unit);
        }
        awaited.remove(operationId);
        Long at = arrived.remove(operationId);
        return at == null ? -1 : at;
    }

    private void poll() {
        try {
            while (running) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofSeconds(1))) {
                    long now = System.nanoTime();
                    String value = record.value();
                    if (!SWITCHED.matcher(value).find()) {
                        continue;
                    }
                    Matcher operation = OPERATION.matcher(value);
                    if (operation.find()) {
                        arrived.putIfAbsent(operation.group(1), now);
                        CountDownLatch latch = awaited.get(operation.group(1));
                        if (latch != null) {
                            latch.countDown();
                        }
                    }
                }
            }
        } catch (WakeupException closing) {
            // close() asked the poll to stop
        } finally {
            consumer.close();
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        poller.join(TimeUnit.SECONDS.toMillis(5));
    }
}
