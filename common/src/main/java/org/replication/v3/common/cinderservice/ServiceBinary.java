package org.replication.v3.common.cinderservice;

/** Cinder's service binaries that this suite runs, and the key that names one service on the topics. */
public final class ServiceBinary {

    public static final String VOLUME = "cinder-volume";
    public static final String SCHEDULER = "cinder-scheduler";

    private ServiceBinary() {
    }

    /** {@code binary:host}: the Kafka key, so that compaction keeps the latest record of each service. */
    public static String key(String binary, String host) {
        return binary + ":" + host;
    }
}
