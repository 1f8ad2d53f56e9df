package org.replication.v3.volume.driver.filearray.replication;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The arrays of one volume-service process, one {@link ArraySite} per directory: when a backend's array is another
 * backend's replication target (two backends replicating to each other), both see the same site, so an array taken
 * down fails the one backend's volumes and the other's replication alike, as a lost array would.
 */
public final class ArraySites {

    private final Map<Path, ArraySite> byRoot = new ConcurrentHashMap<>();

    /** The site at {@code root}; {@code name} names it only if this is the first to ask for that directory. */
    public ArraySite site(String name, Path root) {
        return byRoot.computeIfAbsent(root.toAbsolutePath().normalize(), dir -> new ArraySite(name, dir));
    }
}
