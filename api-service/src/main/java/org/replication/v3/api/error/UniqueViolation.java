package org.replication.v3.api.error;

import io.vertx.pgclient.PgException;
import org.hibernate.exception.ConstraintViolationException;

/** Recognizes a unique-constraint violation, however the reactive stack wrapped it: a concurrent insert won a race. */
public final class UniqueViolation {

    private static final String UNIQUE_VIOLATION = "23505";

    private UniqueViolation() {
    }

    public static boolean is(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConstraintViolationException
                    || (cause instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState()))) {
                return true;
            }
        }
        return false;
    }
}
