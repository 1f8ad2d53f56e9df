package org.replication.v3.drill;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;

/** The arrays' data path and the few reads the drill checks with, as a host and an operator would call them. */
final class Arrays {

    /** Longer than an array's sync hold (6 s by default): a held write is a pause, not a failure. */
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    private final Http http;
    private final Map<String, String> urls;
    private final Map<String, String> headers;

    Arrays(Http http, Map<String, String> urls, String token) {
        this.http = http;
        this.urls = Map.copyOf(urls);
        this.headers = Map.of("X-Auth-Token", token);
    }

    Http.Answer write(String site, String volume, long offset, byte[] data) {
        return http.send("PUT", url(site) + "/v1/volumes/" + volume + "/data?offset=" + offset, headers, data,
                "application/octet-stream", WRITE_TIMEOUT);
    }

    byte[] read(String site, String volume, long offset, int length) {
        Http.Answer answer = http.send("GET", url(site) + "/v1/volumes/" + volume + "/data?offset=" + offset
                + "&length=" + length, headers, null, null, READ_TIMEOUT);
        if (!answer.ok()) {
            throw new DrillException("read of " + volume + " on " + site + ": " + answer.describe());
        }
        return answer.bytes();
    }

    /** Whether the site's array reaches its peer now, by its own heartbeat ({@code GET /v1/health}). */
    boolean reachesPeers(String site) {
        Http.Answer answer = http.send("GET", url(site) + "/v1/health", headers, null, null, Duration.ofSeconds(5));
        if (!answer.ok()) {
            return false;
        }
        boolean all = true;
        for (JsonNode peer : answer.json().path("peers")) {
            all &= peer.path("reachable").asBoolean();
        }
        return all;
    }

    /** The operator's reprotect on the side that serves: the other side joins as its replica. */
    void reprotect(String site, String volume) {
        http.json("POST", url(site) + "/v1/volumes/" + volume + "/reprotect", headers, null, Duration.ofSeconds(120));
    }

    /** On an async secondary: the primary's last report of what it had not shipped; null when none arrived. */
    JsonNode atRisk(String site, String volume) {
        Http.Answer answer = http.send("GET", url(site) + "/v1/volumes/" + volume + "/at-risk", headers, null, null,
                Duration.ofSeconds(10));
        return answer.ok() ? answer.json() : null;
    }

    private String url(String site) {
        String url = urls.get(site);
        if (url == null) {
            throw new DrillException("no array URL for " + site + " (known: " + urls.keySet() + ")");
        }
        return url;
    }
}
