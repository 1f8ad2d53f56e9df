package org.replication.v3.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.replication.v3.testinfra.SharedArrays;

/**
 * What a drill must find before it cuts a site or a link: no side the mediator declared lost. A site loss or a
 * link loss lets every mediated volume of the pair go on alone (the other tests' too), and the mediator keeps the
 * other side declared lost until each is reprotected; a link loss then has no winner there, and a later site loss
 * is {@code both_sides_unsafe}. So every volume still going on alone is reprotected on its array, as an operator
 * would, and the mediator is awaited until it declares no side lost.
 */
final class GoingOnAlone {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private GoingOnAlone() {
    }

    /**
     * Until nothing is left to do: a grace still running (an array restarted a moment ago) may promote one more
     * volume after a pass, so each poll reprotects what goes on alone and then asks the mediator.
     */
    static void reprotectAll(Suite suite) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            boolean alone = false;
            for (String site : List.of("site-b", "site-c")) {
                for (JsonNode volume : call(suite.arrays.url(site) + "/v1/volumes?paired=true", "GET",
                        SharedArrays.TOKEN).path("volumes")) {
                    if (volume.path("pair").path("peer_lost").asBoolean() && volume.path("serving").asBoolean()) {
                        alone = true;
                        call(suite.arrays.url(site) + "/v1/volumes/" + volume.path("id").asText() + "/reprotect",
                                "POST", SharedArrays.TOKEN);
                    }
                }
            }
            for (JsonNode pair : call("http://127.0.0.1:" + suite.mediator.port() + "/v1/health", "GET",
                    suite.mediatorToken).path("pairs")) {
                alone |= !pair.path("declared_lost").isEmpty() || !pair.path("waiting_grace").isMissingNode()
                        && !pair.path("waiting_grace").isNull();
            }
            return !alone;
        });
    }

    private static JsonNode call(String url, String method, String token) throws IOException, InterruptedException {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("X-Auth-Token", token)
                .timeout(Duration.ofSeconds(120)).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(method + " " + url + ": " + answer.body()).isBetween(200, 299);
        return JSON.readTree(answer.body());
    }
}
