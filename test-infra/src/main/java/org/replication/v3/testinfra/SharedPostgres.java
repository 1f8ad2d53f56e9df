package org.replication.v3.testinfra;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.testcontainers.postgresql.PostgreSQLContainer;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server that a test starts and stops itself: a container when {@link InfraMode} says so,
 * otherwise zonky's embedded PostgreSQL (a real postgres process from bundled Linux binaries).
 * Either way the superuser is {@value #USERNAME}/{@value #PASSWORD} and database {@value #DEFAULT_DATABASE} exists.
 * Quarkus tests use it through {@link PostgresResource}.
 */
public final class SharedPostgres implements AutoCloseable {

    public static final String USERNAME = "postgres";
    public static final String PASSWORD = "postgres";
    public static final String DEFAULT_DATABASE = "postgres";

    static final String IMAGE = "postgres:17-alpine";

    /** CREATE DATABASE takes no bind parameters, so only identifiers that need no quoting are accepted. */
    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    /** zonky's default of 10 s is too tight on a loaded two-core machine. */
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);

    private static final System.Logger LOG = System.getLogger(SharedPostgres.class.getName());

    private final String host;
    private final int port;
    private final AutoCloseable server;

    private SharedPostgres(String host, int port, AutoCloseable server) {
        this.host = host;
        this.port = port;
        this.server = server;
    }

    /** Starts a server in the mode chosen by {@code -Dtest.infra} / {@code TEST_INFRA}. */
    public static SharedPostgres start() {
        return start(InfraMode.configured());
    }

    public static SharedPostgres start(InfraMode mode) {
        long started = System.nanoTime();
        boolean containers = mode.useContainers();
        SharedPostgres postgres = containers ? inContainer() : embedded();
        LOG.log(Level.INFO, "PostgreSQL ({0}) ready at {1}:{2,number,#} after {3} ms", containers ? "container" : "embedded",
                postgres.host, postgres.port, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return postgres;
    }

    private static SharedPostgres inContainer() {
        PostgreSQLContainer container = new PostgreSQLContainer(IMAGE)
                .withUsername(USERNAME)
                .withPassword(PASSWORD)
                .withDatabaseName(DEFAULT_DATABASE);
        container.start();
        return new SharedPostgres(container.getHost(), container.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT), container);
    }

    private static SharedPostgres embedded() {
        QuietLogging.apply();
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder().setPGStartupWait(STARTUP_WAIT).start();
            return new SharedPostgres("127.0.0.1", postgres.getPort(), postgres);
        } catch (IOException e) {
            throw new IllegalStateException("embedded PostgreSQL did not start", e);
        }
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String username() {
        return USERNAME;
    }

    public String password() {
        return PASSWORD;
    }

    public String jdbcUrl(String database) {
        return "jdbc:" + reactiveUrl(database);
    }

    /** The URL form the Vert.x reactive client takes ({@code quarkus.datasource.reactive.url}). */
    public String reactiveUrl(String database) {
        return "postgresql://" + host + ":" + port + "/" + database;
    }

    /** Creates the database unless it already exists, so a test can ask for the same name twice. */
    public void createDatabase(String name) {
        if (!DATABASE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a plain lower-case database name: '" + name + "'");
        }
        try (Connection connection = DriverManager.getConnection(jdbcUrl(DEFAULT_DATABASE), USERNAME, PASSWORD);
             PreparedStatement exists = connection.prepareStatement("select 1 from pg_database where datname = ?")) {
            exists.setString(1, name);
            try (ResultSet found = exists.executeQuery()) {
                if (found.next()) {
                    return;
                }
            }
            try (Statement create = connection.createStatement()) {
                create.execute("create database " + name);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + name + " on " + host + ":" + port, e);
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (Exception e) {
            throw new IllegalStateException("stopping PostgreSQL at " + host + ":" + port + " failed", e);
        }
    }
}
