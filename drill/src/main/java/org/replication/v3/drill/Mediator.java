package org.replication.v3.drill;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The mediator's decisions ({@code GET /v1/decisions}): when it detected a loss, and what it did. */
final class Mediator {

    private final Http http;
    private final String url;
    private final Map<String, String> headers;

    Mediator(Http http, String url, String token) {
        this.http = http;
        this.url = url;
        this.headers = Map.of("X-Auth-Token", token);
    }

    /** Every decision after {@code seq}, oldest first. */
    List<JsonNode> decisionsAfter(long seq) {
        List<JsonNode> all = new ArrayList<>();
        long after = seq;
        while (true) {
            JsonNode page = http.json("GET", url + "/v1/decisions?after=" + after, headers, null,
                    Duration.ofSeconds(10)).path("decisions");
            page.forEach(all::add);
            if (page.size() < 500) {
                return all;
            }
            after = page.get(page.size() - 1).path("seq").asLong();
        }
    }

    /**
     * The sides the mediator still declares lost, for every pair: a side stays declared lost until every mediated
     * volume that went on alone without it is reprotected. A drill needs none: a link loss has no winner on a side
     * declared lost, and a site loss of the other side is {@code both_sides_unsafe}.
     */
    List<String> declaredLost() {
        List<String> lost = new ArrayList<>();
        http.json("GET", url + "/v1/health", headers, null, Duration.ofSeconds(10)).path("pairs").forEach(
                pair -> pair.path("declared_lost").forEach(side -> lost.add(pair.path("pair").asText() + ": "
                        + side.asText())));
        return lost;
    }

    long lastSeq() {
        List<JsonNode> all = decisionsAfter(0);
        return all.isEmpty() ? 0 : all.get(all.size() - 1).path("seq").asLong();
    }
}
