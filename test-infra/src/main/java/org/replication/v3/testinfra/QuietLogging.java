package org.replication.v3.testinfra;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.jboss.logmanager.LogContext;

/**
 * Keeps test output readable. Kafka, zonky and Testcontainers log through SLF4J, which Quarkus binds to
 * JBoss LogManager, so levels are set there.
 */
final class QuietLogging {

    private static final List<String> CATEGORIES = List.of("kafka", "org.apache.kafka", "state.change.logger", "io.zonky");

    /** The log context may hold loggers weakly; keeping them here keeps their levels. */
    private static final List<Logger> QUIETED = new ArrayList<>();
    private static boolean applied;

    private QuietLogging() {
    }

    /** Runs {@code action} with everything under {@code category} switched off, then restores the category's level. */
    static boolean silenced(String category, BooleanSupplier action) {
        Logger logger = LogContext.getLogContext().getLogger(category);
        Level previous = logger.getLevel();
        logger.setLevel(Level.OFF);
        try {
            return action.getAsBoolean();
        } finally {
            logger.setLevel(previous);
        }
    }

    /**
     * Lowers the in-JVM servers' own logging to WARN: a broker start alone logs hundreds of INFO lines.
     * A category that already has a level (from logging.properties, for instance) is left alone, and Quarkus applies
     * {@code quarkus.log.category} settings when the application boots, so a test can still turn these categories up.
     */
    static synchronized void apply() {
        if (applied) {
            return;
        }
        applied = true;
        for (String category : CATEGORIES) {
            Logger logger = LogContext.getLogContext().getLogger(category);
            if (logger.getLevel() == null) {
                logger.setLevel(Level.WARNING);
                QUIETED.add(logger);
            }
        }
    }
}
