package org.replication.v3.common.volume;

/**
 * Cinder's volume location string {@code host@backend#pool}, split into its parts.
 */
public record VolumeHost(String host, String backend, String pool) {

    public static VolumeHost parse(String value) {
        int at = value.indexOf('@');
        int hash = value.indexOf('#');
        if (at <= 0 || hash <= at + 1 || hash == value.length() - 1) {
            throw new IllegalArgumentException("'" + value + "' is not of the form host@backend#pool");
        }
        return new VolumeHost(value.substring(0, at), value.substring(at + 1, hash), value.substring(hash + 1));
    }

    /** host@backend: the service that hosts the backend, as os-services and capability reports name it. */
    public String backendHost() {
        return host + "@" + backend;
    }

    @Override
    public String toString() {
        return host + "@" + backend + "#" + pool;
    }
}
