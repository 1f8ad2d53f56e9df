package org.replication.v3.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The link proxy over real sockets: an echo server behind one link, the link cut and healed through its admin API. */
class LinkProxyTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private ServerSocket echo;
    private LinkProxy proxy;

    @BeforeEach
    void start() throws IOException {
        echo = new ServerSocket(0);
        Thread acceptor = new Thread(() -> {
            while (!echo.isClosed()) {
                try {
                    Socket socket = echo.accept();
                    Thread pump = new Thread(() -> echoAll(socket));
                    pump.setDaemon(true);
                    pump.start();
                } catch (IOException e) {
                    return;
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        proxy = new LinkProxy("127.0.0.1", 0, List.of(
                LinkProxy.Spec.parse("m-to-echo=0->127.0.0.1:" + echo.getLocalPort(), "127.0.0.1")));
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        echo.close();
    }

    @Test
    void upForwardsBothWaysAndCountsBytes() throws Exception {
        try (Socket socket = connect()) {
            assertThat(roundTrip(socket, "hello")).isEqualTo("hello");
        }

        String links = admin("GET", "/links", null).body();
        assertThat(links).contains("\"name\": \"m-to-echo\"", "\"state\": \"up\"", "\"bytes\": 10");
    }

    @Test
    void blackholeStallsOpenAndNewConnectionsAndUpDeliversWhatWasHeld() throws Exception {
        try (Socket open = connect()) {
            assertThat(roundTrip(open, "before")).isEqualTo("before");

            assertThat(admin("PUT", "/links/m-to-echo", "{\"state\": \"blackhole\"}").statusCode()).isEqualTo(200);
            open.getOutputStream().write("held".getBytes(StandardCharsets.UTF_8));
            assertThatThrownBy(() -> open.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
            assertThat(open.isClosed()).isFalse();

            try (Socket stalled = connect()) {
                stalled.getOutputStream().write("late".getBytes(StandardCharsets.UTF_8));
                assertThatThrownBy(() -> stalled.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);

                assertThat(admin("PUT", "/links/m-to-echo", "{\"state\": \"up\"}").statusCode()).isEqualTo(200);

                assertThat(read(open, 4)).isEqualTo("held");
                assertThat(read(stalled, 4)).isEqualTo("late");
            }
            assertThat(roundTrip(open, "after")).isEqualTo("after");
        }
    }

    @Test
    void resetClosesConnectionsAndRefusesNewOnesUntilUp() throws Exception {
        try (Socket open = connect()) {
            assertThat(roundTrip(open, "x")).isEqualTo("x");

            admin("PUT", "/links/m-to-echo", "{\"state\": \"reset\"}");

            assertClosedByPeer(open);
            try (Socket refused = connect()) {
                assertClosedByPeer(refused);
            }
        }
        assertThat(admin("GET", "/links", null).body()).contains("\"state\": \"reset\"", "\"connections\": 0");

        admin("PUT", "/links/m-to-echo", "{\"state\": \"up\"}");
        try (Socket again = connect()) {
            assertThat(roundTrip(again, "y")).isEqualTo("y");
        }
    }

    @Test
    void delayHoldsEveryChunkInEachDirection() throws Exception {
        admin("PUT", "/links/m-to-echo", "{\"state\": \"up\", \"delay_ms\": 300}");
        try (Socket socket = connect()) {
            long start = System.nanoTime();
            assertThat(roundTrip(socket, "slow")).isEqualTo("slow");
            assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(600);
        }
        assertThat(admin("GET", "/links/m-to-echo", null).body()).contains("\"delay_ms\": 300");

        admin("PUT", "/links/m-to-echo", "{\"state\": \"up\", \"delay_ms\": 0}");
        try (Socket socket = connect()) {
            long start = System.nanoTime();
            assertThat(roundTrip(socket, "fast")).isEqualTo("fast");
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(300);
        }
    }

    @Test
    void aBadChangeIsRefusedWithAFault() throws Exception {
        HttpResponse<String> unknown = admin("PUT", "/links/m-to-echo", "{\"state\": \"down\"}");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("\"badRequest\"", "up, reset or blackhole");
        assertThat(admin("PUT", "/links/m-to-echo", "{\"delay\": 5}").statusCode()).isEqualTo(400);
        assertThat(admin("PUT", "/links/nope", "{\"state\": \"up\"}").statusCode()).isEqualTo(404);
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", proxy.port("m-to-echo"));
        socket.setSoTimeout(700);
        return socket;
    }

    private static String roundTrip(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        return read(socket, text.length());
    }

    private static String read(Socket socket, int length) throws IOException {
        socket.setSoTimeout(5000);
        byte[] bytes = socket.getInputStream().readNBytes(length);
        socket.setSoTimeout(700);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The proxy ended the connection: a reset, or at the latest an end of stream. */
    private static void assertClosedByPeer(Socket socket) throws IOException {
        socket.setSoTimeout(5000);
        try {
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        } catch (SocketException e) {
            assertThat(e.getMessage()).containsIgnoringCase("reset");
        }
    }

    private HttpResponse<String> admin(String method, String path, String body) throws Exception {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body);
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxy.adminPort() + path))
                .method(method, publisher).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void echoAll(Socket socket) {
        try (socket; InputStream in = socket.getInputStream()) {
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                socket.getOutputStream().write(buffer, 0, n);
            }
        } catch (IOException e) {
            // the proxy reset it
        }
    }
}
