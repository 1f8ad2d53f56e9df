package org.replication.v3.volume.assignment;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The backend leases this instance holds, each at its epoch and valid by a monotonic clock: a lease whose claim or
 * renewal was sent at {@code t0} lets this instance act until {@code t0 + lease - margin}, whatever the wall clock
 * does (docs/sites.md section 3, "local validity"). Keyed by {@code host@backend}.
 */
public final class HeldLeases {

    /** A lease held at {@code epoch}, which this instance may act on until {@code validUntil} (monotonic nanos). */
    private record Held(long epoch, long validUntil) {
    }

    private final LongSupplier clock;
    private final long usableNanos;
    private final Map<String, Held> held = new ConcurrentHashMap<>();

    public HeldLeases(LongSupplier clock, Duration lease, Duration margin) {
        if (margin.compareTo(lease) >= 0) {
            throw new IllegalArgumentException("volume.assignment.margin (" + margin + ") must be below the lease ("
                    + lease + ")");
        }
        this.clock = clock;
        this.usableNanos = lease.minus(margin).toNanos();
    }

    /** The monotonic clock's reading: taken before a claim or a renewal is sent. */
    public long now() {
        return clock.getAsLong();
    }

    /** A claim or renewal of {@code epoch}, sent at {@code sentAt}, succeeded. */
    public void held(String key, long epoch, long sentAt) {
        held.put(key, new Held(epoch, sentAt + usableNanos));
    }

    /** The lease is someone else's now (a renewal changed no row), or was given up. */
    public void lost(String key) {
        held.remove(key);
    }

    /** The epoch this instance may act under now; empty when it holds no lease, or its validity has run out. */
    public OptionalLong epoch(String key) {
        Held lease = held.get(key);
        return lease != null && clock.getAsLong() - lease.validUntil < 0 ? OptionalLong.of(lease.epoch)
                : OptionalLong.empty();
    }

    public boolean owns(String key) {
        return epoch(key).isPresent();
    }

    /** The epoch last claimed or renewed, valid or not: what the next renewal names. */
    public OptionalLong claimed(String key) {
        Held lease = held.get(key);
        return lease == null ? OptionalLong.empty() : OptionalLong.of(lease.epoch);
    }

    /** The keys this instance may act on now, sorted. */
    public Set<String> owned() {
        Set<String> owned = new TreeSet<>();
        held.keySet().stream().filter(this::owns).forEach(owned::add);
        return owned;
    }
}
