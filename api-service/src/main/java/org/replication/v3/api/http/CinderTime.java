package org.replication.v3.api.http;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** Timestamps as Cinder prints them: UTC without zone, microseconds, and no fraction when it is zero (Python isoformat). */
public final class CinderTime {

    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");
    private static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS");

    private CinderTime() {
    }

    /** Now, at the precision PostgreSQL keeps, so what a response shows equals what a later read shows. */
    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    public static String format(Instant instant) {
        if (instant == null) {
            return null;
        }
        LocalDateTime utc = LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
        return (utc.getNano() / 1000 == 0 ? SECONDS : MICROS).format(utc);
    }
}
