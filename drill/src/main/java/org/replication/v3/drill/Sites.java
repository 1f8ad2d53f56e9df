package org.replication.v3.drill;

/**
 * The processes of each site, as the environment knows them: {@code bin/suite kill-site} and the pid files of
 * {@code .suite/places/<site>} for a running suite, the process handles in a system test. The drill has no other
 * way to fault a site: there is no fault injection endpoint.
 */
public interface Sites {

    /** kill -9 of every process of the site; returns once they are gone. */
    void kill(String site);

    /** Starts the site's processes again on their data (the array first); returns once the array answers. */
    void start(String site);
}
