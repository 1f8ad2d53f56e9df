package org.replication.v3.common.database;

import io.vertx.core.impl.NoStackTraceThrowable;
import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.DatabaseException;
import java.net.ConnectException;
import java.net.SocketException;
import java.util.Set;

/**
 * Recognizes a failure that says PostgreSQL cannot be reached, however the reactive stack wrapped it: the server
 * refuses connections, closed one under a query, is shutting down or starting, or no pooled connection came in time.
 * Such work wrote nothing (its transaction never committed) and will succeed once the server is back: a request is
 * answered 503, which clients retry, not 500; a consumer keeps retrying the event rather than dead-lettering it.
 * A connection that broke while a statement or the commit was on its way ({@link #lostMidway}) is the exception:
 * its transaction may have committed, so a consumer retries (its inbox absorbs a repeat) but a request must not be
 * told that nothing changed.
 */
public final class BackingServiceDown {

    /**
     * SQLSTATEs of a server going away: admin_shutdown, crash_shutdown, cannot_connect_now; class 08 (connection
     * exceptions) is matched by its prefix.
     */
    private static final Set<String> SHUTTING_DOWN = Set.of("57P01", "57P02", "57P03");

    private static final String POOL_TIMEOUT = "Timeout";

    private BackingServiceDown() {
    }

    public static boolean is(Throwable failure) {
        if (lostMidway(failure)) {
            return true;
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException || cause instanceof ClosedConnectionException) {
                return true;
            }
            // The pool fails a wait for a connection past its connection timeout with this bare message.
            if (cause instanceof NoStackTraceThrowable && POOL_TIMEOUT.equals(cause.getMessage())) {
                return true;
            }
            if (cause instanceof DatabaseException pg && pg.getSqlState() != null
                    && (pg.getSqlState().startsWith("08") || SHUTTING_DOWN.contains(pg.getSqlState()))) {
                return true;
            }
            if (cause.getCause() == cause) {
                return false;
            }
        }
        return false;
    }

    /** The server reset the connection under a statement or a commit (not a refused connection): in doubt. */
    public static boolean lostMidway(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SocketException && !(cause instanceof ConnectException)) {
                return true;
            }
            if (cause.getCause() == cause) {
                return false;
            }
        }
        return false;
    }
}
