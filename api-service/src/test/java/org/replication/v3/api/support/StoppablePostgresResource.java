package org.replication.v3.api.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;

/**
 * A real PostgreSQL of the test's own, which the test may stop and start again on the same port and data directory,
 * as an operator restarting the database would: for the tests of what the API does while its database is down.
 * The test gets it in a field annotated {@link Handle}.
 */
public class StoppablePostgresResource implements QuarkusTestResourceLifecycleManager {

    private static final String DATABASE = "cinder";
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);

    private Server server;

    /** Marks the test's field of type {@link Server}. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface Handle {
    }

    /** The running server; stop and start are the test's to call. */
    public static final class Server {

        private final Path data;
        private int port;
        private EmbeddedPostgres postgres;

        Server(Path data) {
            this.data = data;
        }

        public synchronized void start() {
            try {
                EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setDataDirectory(data)
                        .setCleanDataDirectory(false).setPGStartupWait(STARTUP_WAIT);
                if (port > 0) {
                    builder.setPort(port);
                }
                postgres = builder.start();
                port = postgres.getPort();
            } catch (IOException e) {
                throw new UncheckedIOException("embedded PostgreSQL did not start", e);
            }
        }

        /** A fast shutdown: open transactions are rolled back and connections closed, as pg_ctl stop does. */
        public synchronized void stop() {
            try {
                postgres.close();
            } catch (IOException e) {
                throw new UncheckedIOException("embedded PostgreSQL did not stop", e);
            }
        }

        int port() {
            return port;
        }

        void createDatabase() {
            try (Connection connection = postgres.getPostgresDatabase().getConnection();
                 Statement create = connection.createStatement()) {
                create.execute("create database " + DATABASE);
            } catch (SQLException e) {
                throw new IllegalStateException("could not create database " + DATABASE, e);
            }
        }
    }

    @Override
    public Map<String, String> start() {
        try {
            server = new Server(Files.createTempDirectory("api-stoppable-pg"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.start();
        server.createDatabase();
        String url = "postgresql://127.0.0.1:" + server.port() + "/" + DATABASE;
        return Map.of(
                "quarkus.datasource.reactive.url", url,
                "quarkus.datasource.jdbc.url", "jdbc:" + url,
                "quarkus.datasource.username", "postgres",
                "quarkus.datasource.password", "postgres");
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(server, new TestInjector.AnnotatedAndMatchesType(Handle.class, Server.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }
}
