package org.replication.v3.volume.driver;

/**
 * How far a replica is behind, against its RPO: operators are warned at twice the RPO and alerted at three
 * times, so they learn of a breach before a disaster does.
 */
public enum LagLevel {
    OK,
    WARNING,
    CRITICAL;

    public static LagLevel of(double lagSeconds, double rpoSeconds) {
        if (lagSeconds > 3 * rpoSeconds) {
            return CRITICAL;
        }
        return lagSeconds > 2 * rpoSeconds ? WARNING : OK;
    }
}
