package org.replication.v3.volume.driver;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** A clock the test moves by hand, so lag and RPO arithmetic is exact. */
public final class ManualClock implements InstantSource {

    private Instant now = Instant.parse("2026-11-25T12:00:00Z");

    @Override
    public synchronized Instant instant() {
        return now;
    }

    public synchronized void advance(Duration by) {
        now = now.plus(by);
    }
}
