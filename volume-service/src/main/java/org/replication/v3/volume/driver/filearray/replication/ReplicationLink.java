package org.replication.v3.volume.driver.filearray.replication;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;

/**
 * The path replicated data takes between two arrays. Fault injection can cut it or slow it down; a real driver's
 * link is the arrays' replication network.
 */
public final class ReplicationLink {

    private final String name;
    private volatile boolean up = true;
    private volatile Duration delay = Duration.ZERO;

    public ReplicationLink(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    public boolean up() {
        return up;
    }

    public Duration delay() {
        return delay;
    }

    /** Fault injection: cut (false) or restore (true) the link. */
    public void setUp(boolean up) {
        this.up = up;
    }

    /** Fault injection: every transfer waits this long, as on a congested or distant link. */
    public void setDelay(Duration delay) {
        this.delay = delay;
    }

    /** Waits as long as the link takes, then fails if it is cut (it may be cut while the data is in flight). */
    void carry() throws IOException {
        Duration wait = delay;
        if (!wait.isZero()) {
            try {
                Thread.sleep(wait.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("transfer over " + name + " interrupted");
            }
        }
        if (!up) {
            throw new LinkDownException(name);
        }
    }
}
