package org.replication.v3.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The link proxy of the local suite and the drills ({@code links}, docs/sites.md section 7): one listening TCP port
 * per named, directed link between two places, forwarding to the link's target. Cutting a link is a call to its
 * admin API, so a partition is produced without root, namespaces or Docker.
 * <p>
 * Usage: {@code LinkProxy [--bind 127.0.0.1] --admin-port 8796 --link <name>=[host:]port->host:port ...}, e.g.
 * {@code --link array-b-to-c=18792->127.0.0.1:8792}. Port 0 picks a free port (tests). Once every port listens,
 * {@value #READY} is printed.
 * <p>
 * Admin API (plain JSON, no token: it listens on the bind address only, which is loopback by default):
 * <ul>
 * <li>{@code PUT /links/{name}} {@code {"state": "up"|"reset"|"blackhole", "delay_ms": n}} ({@code delay_ms}
 * optional, kept when absent) answers the link as {@code GET} lists it;</li>
 * <li>{@code GET /links} answers {@code {"links": [{"name", "listen", "target", "state", "delay_ms", "connections",
 * "bytes"}]}}.</li>
 * </ul>
 * States: {@code up} forwards; {@code blackhole} forwards nothing in either direction but keeps every connection
 * open and accepts new ones without connecting them, as a real partition does (the peers' own timeouts fire); bytes
 * read meanwhile are held and delivered once the link is up again, as TCP retransmission would. {@code reset}
 * closes every connection of the link with a TCP reset and resets new ones at once, until {@code up}.
 * {@code delay_ms} holds every chunk read for that long before it is forwarded (per direction, so a round trip
 * costs twice that).
 */
public final class LinkProxy implements AutoCloseable {

    /** bin/suite waits for this line. */
    static final String READY = "LinkProxy ready";

    private static final Pattern LINK = Pattern.compile(
            "([A-Za-z0-9._-]+)=(?:([^:>]+):)?(\\d+)->([^:>]+):(\\d+)");
    private static final Pattern STATE_FIELD = Pattern.compile("\"state\"\\s*:\\s*\"([a-z]+)\"");
    private static final Pattern DELAY_FIELD = Pattern.compile("\"delay_ms\"\\s*:\\s*(\\d+)");
    private static final Pattern ONLY_KNOWN_FIELDS = Pattern.compile(
            "\\{\\s*(\"(state|delay_ms)\"\\s*:\\s*(\"[a-z]+\"|\\d+)\\s*(,\\s*|(?=\\})))*\\}");

    public enum State {
        UP, RESET, BLACKHOLE;

        String wire() {
            return name().toLowerCase();
        }
    }

    /** One link as configured: its name, the address it listens on and where it forwards to. */
    public record Spec(String name, String listenHost, int listenPort, String targetHost, int targetPort) {

        static Spec parse(String text, String defaultHost) {
            Matcher m = LINK.matcher(text);
            if (!m.matches()) {
                throw new IllegalArgumentException("a link is <name>=[host:]port->host:port, not '" + text + "'");
            }
            return new Spec(m.group(1), m.group(2) == null ? defaultHost : m.group(2), Integer.parseInt(m.group(3)),
                    m.group(4), Integer.parseInt(m.group(5)));
        }
    }

    private final Map<String, Link> links = new LinkedHashMap<>();
    private final HttpServer admin;

    public LinkProxy(String bindHost, int adminPort, List<Spec> specs) throws IOException {
        InetAddress bind = InetAddress.getByName(bindHost);
        try {
            for (Spec spec : specs) {
                if (links.containsKey(spec.name())) {
                    throw new IllegalArgumentException("link '" + spec.name() + "' is configured twice");
                }
                links.put(spec.name(), new Link(spec));
            }
            admin = HttpServer.create(new InetSocketAddress(bind, adminPort), 16);
        } catch (IOException | RuntimeException e) {
            links.values().forEach(Link::close);
            throw e;
        }
        admin.createContext("/links", this::handle);
        admin.setExecutor(Executors.newFixedThreadPool(2, daemon("link-admin")));
        admin.start();
        links.values().forEach(Link::start);
    }

    public static void main(String[] args) throws Exception {
        String bind = "127.0.0.1";
        Integer adminPort = null;
        List<String> linkArgs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--bind" -> bind = required(args[i], value);
                case "--admin-port" -> adminPort = Integer.parseInt(required(args[i], value));
                case "--link" -> linkArgs.add(required(args[i], value));
                default -> usage("unknown argument '" + args[i] + "'");
            }
            i++;
        }
        if (adminPort == null || linkArgs.isEmpty()) {
            usage("--admin-port and at least one --link are required");
        }
        String defaultHost = bind;
        LinkProxy proxy = new LinkProxy(bind, adminPort, linkArgs.stream().map(l -> Spec.parse(l, defaultHost))
                .toList());
        Runtime.getRuntime().addShutdownHook(new Thread(proxy::close));
        for (Link link : proxy.links.values()) {
            System.out.println("link " + link.spec.name() + ": " + link.listenAddress() + " -> "
                    + link.spec.targetHost() + ":" + link.spec.targetPort());
        }
        System.out.println(READY + " (admin on " + bind + ":" + proxy.adminPort() + ")");
    }

    private static String required(String flag, String value) {
        if (value == null) {
            usage(flag + " needs a value");
        }
        return value;
    }

    private static void usage(String problem) {
        System.err.println(problem);
        System.err.println("usage: LinkProxy [--bind 127.0.0.1] --admin-port <port> "
                + "--link <name>=[host:]port->host:port ...");
        System.exit(2);
    }

    public int adminPort() {
        return admin.getAddress().getPort();
    }

    /** The port a link listens on (useful when it was configured as 0). */
    public int port(String link) {
        return links.get(link).server.getLocalPort();
    }

    @Override
    public void close() {
        admin.stop(0);
        links.values().forEach(Link::close);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (path.equals("/links") || path.equals("/links/")) {
                if (!method.equals("GET")) {
                    fault(exchange, 405, "badMethod", "GET /links lists the links");
                    return;
                }
                StringBuilder body = new StringBuilder("{\"links\": [");
                String separator = "";
                for (Link link : links.values()) {
                    body.append(separator).append(link.json());
                    separator = ", ";
                }
                answer(exchange, 200, body.append("]}").toString());
                return;
            }
            Link link = links.get(path.substring("/links/".length()));
            if (link == null) {
                fault(exchange, 404, "itemNotFound", "no link named '" + path.substring("/links/".length()) + "'");
                return;
            }
            if (method.equals("GET")) {
                answer(exchange, 200, link.json());
                return;
            }
            if (!method.equals("PUT")) {
                fault(exchange, 405, "badMethod", "PUT /links/{name} changes a link, GET reads it");
                return;
            }
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).strip();
            Matcher state = STATE_FIELD.matcher(body);
            if (!ONLY_KNOWN_FIELDS.matcher(body).matches() || !state.find()) {
                fault(exchange, 400, "badRequest", "the body is {\"state\": \"up\"|\"reset\"|\"blackhole\", "
                        + "\"delay_ms\": n (optional)}");
                return;
            }
            State next;
            try {
                next = State.valueOf(state.group(1).toUpperCase());
            } catch (IllegalArgumentException e) {
                fault(exchange, 400, "badRequest", "state is up, reset or blackhole, not '" + state.group(1) + "'");
                return;
            }
            Matcher delay = DELAY_FIELD.matcher(body);
            link.change(next, delay.find() ? Long.valueOf(delay.group(1)) : null);
            answer(exchange, 200, link.json());
        }
    }

    private static void fault(HttpExchange exchange, int status, String kind, String message) throws IOException {
        answer(exchange, status, "{\"" + kind + "\": {\"code\": " + status + ", \"message\": \""
                + message.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}}");
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** One directed link: its listening socket, its state and the connections it carries. */
    private static final class Link {

        final Spec spec;
        final ServerSocket server;
        final Set<Connection> connections = ConcurrentHashMap.newKeySet();
        final AtomicLong bytes = new AtomicLong();
        private State state = State.UP;
        private long delayMs;

        Link(Spec spec) throws IOException {
            this.spec = spec;
            this.server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getByName(spec.listenHost()), spec.listenPort()), 128);
        }

        String listenAddress() {
            return spec.listenHost() + ":" + server.getLocalPort();
        }

        void start() {
            daemon("link-" + spec.name() + "-accept").newThread(this::accept).start();
        }

        synchronized State state() {
            return state;
        }

        synchronized long delayMs() {
            return delayMs;
        }

        void change(State next, Long delay) {
            synchronized (this) {
                state = next;
                if (delay != null) {
                    delayMs = delay;
                }
                notifyAll();
            }
            if (next == State.RESET) {
                connections.forEach(Connection::reset);
            }
        }

        /** Blocks while the link is black-holed; true when bytes may flow, false once it was reset. */
        synchronized boolean awaitPassable(Connection connection) throws InterruptedException {
            while (state == State.BLACKHOLE && !connection.closed) {
                wait();
            }
            return state == State.UP && !connection.closed;
        }

        private void accept() {
            while (!server.isClosed()) {
                Socket client;
                try {
                    client = server.accept();
                } catch (IOException e) {
                    return;
                }
                if (state() == State.RESET) {
                    resetQuietly(client);
                    continue;
                }
                Connection connection = new Connection(this, client);
                connections.add(connection);
                daemon("link-" + spec.name() + "-connect").newThread(connection::connect).start();
            }
        }

        String json() {
            return "{\"name\": \"" + spec.name() + "\", \"listen\": \"" + listenAddress() + "\", \"target\": \""
                    + spec.targetHost() + ":" + spec.targetPort() + "\", \"state\": \"" + state().wire()
                    + "\", \"delay_ms\": " + delayMs() + ", \"connections\": " + connections.size()
                    + ", \"bytes\": " + bytes.get() + "}";
        }

        void close() {
            try {
                server.close();
            } catch (IOException e) {
                // closing anyway
            }
            connections.forEach(Connection::reset);
            synchronized (this) {
                notifyAll();
            }
        }
    }

    /** One accepted connection and, once the link lets it through, its connection to the target. */
    private static final class Connection {

        final Link link;
        final Socket client;
        volatile Socket upstream;
        volatile boolean closed;
        private int directionsDone;

        Connection(Link link, Socket client) {
            this.link = link;
            this.client = client;
        }

        /** A connection accepted while black-holed waits here, unconnected, as a stalled handshake would. */
        void connect() {
            try {
                if (!link.awaitPassable(this)) {
                    reset();
                    return;
                }
                Socket target = new Socket();
                target.connect(new InetSocketAddress(link.spec.targetHost(), link.spec.targetPort()), 5000);
                upstream = target;
                if (closed) {
                    reset();
                    return;
                }
                daemon("link-" + link.spec.name() + "-out").newThread(() -> pump(client, target)).start();
                pump(target, client);
            } catch (IOException e) {
                reset();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                reset();
            }
        }

        private void pump(Socket from, Socket to) {
            byte[] buffer = new byte[64 * 1024];
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    long delay = link.delayMs();
                    if (delay > 0) {
                        Thread.sleep(delay);
                    }
                    if (!link.awaitPassable(this)) {
                        reset();
                        return;
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                    link.bytes.addAndGet(n);
                }
                // A half close is passed on, so a peer that waits for the end of a request still sees it.
                to.shutdownOutput();
                finishIfBothDone();
            } catch (IOException e) {
                reset();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                reset();
            }
        }

        private synchronized void finishIfBothDone() {
            if (++directionsDone == 2) {
                closed = true;
                closeQuietly(client);
                closeQuietly(upstream);
                link.connections.remove(this);
            }
        }

        void reset() {
            closed = true;
            resetQuietly(client);
            Socket target = upstream;
            if (target != null) {
                resetQuietly(target);
            }
            link.connections.remove(this);
            synchronized (link) {
                link.notifyAll();
            }
        }
    }

    /** Closes with SO_LINGER 0, so the other end gets a TCP reset, not an orderly end of stream. */
    private static void resetQuietly(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException e) {
            // already closed
        }
        closeQuietly(socket);
    }

    private static void closeQuietly(Socket socket) {
        if (socket == null) {
            return;
        }
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
