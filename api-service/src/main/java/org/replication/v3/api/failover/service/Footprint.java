package org.replication.v3.api.failover.service;

import java.util.Map;
import java.util.Set;

/**
 * What an operation may switch, as far as the API knows: named volumes (with their hosts) and groups, or whole
 * pools and backends. Two operations overlap when they could switch the same volume.
 *
 * @param volumeHosts the volumes a volume or group scope names (through the group), with their host@backend#pool
 * @param groups      the groups a group scope names
 * @param locations   the pools (host@backend#pool) and backends (host@backend) a pool or backend scope names
 */
record Footprint(Map<String, String> volumeHosts, Set<String> groups, Set<String> locations) {

    boolean overlaps(Footprint other) {
        for (String volume : volumeHosts.keySet()) {
            if (other.volumeHosts.containsKey(volume)) {
                return true;
            }
        }
        for (String group : groups) {
            if (other.groups.contains(group)) {
                return true;
            }
        }
        return locatedIn(this, other) || locatedIn(other, this) || locationsMeet(this, other);
    }

    /** A volume of {@code a} on a pool or backend {@code b} switches as a whole. */
    private static boolean locatedIn(Footprint a, Footprint b) {
        for (String host : a.volumeHosts.values()) {
            for (String location : b.locations) {
                if (host != null && within(host, location)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean locationsMeet(Footprint a, Footprint b) {
        for (String mine : a.locations) {
            for (String theirs : b.locations) {
                if (within(mine, theirs) || within(theirs, mine)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** {@code host} (host@backend[#pool]) is {@code location} or one of its pools. */
    static boolean within(String host, String location) {
        return host.equals(location) || host.startsWith(location + "#");
    }
}
