package org.replication.v3.drill;

import java.time.Duration;
import java.util.Map;

/** The link proxy's admin API (deploy's LinkProxy): cuts and heals the links between places. */
public final class LinkProxyClient {

    private final Http http = new Http();
    private final String url;

    public LinkProxyClient(String url) {
        this.url = url;
    }

    /** {@code up}, {@code blackhole} (bytes held, connections kept: a partition) or {@code reset}. */
    void set(String link, String state) {
        http.json("PUT", url + "/links/" + link, Map.of(), Map.of("state", state), Duration.ofSeconds(10));
    }
}
