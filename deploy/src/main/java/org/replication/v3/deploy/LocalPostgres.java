package org.replication.v3.deploy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.regex.Pattern;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * PostgreSQL for the local suite ({@code bin/suite}): a real postgres server from zonky's bundled Linux binaries,
 * so a developer machine needs neither Docker nor a system package.
 * <p>
 * Usage: {@code LocalPostgres <state-dir> [port] [database]} (defaults 55432 and cinder). The cluster lives in
 * {@code <state-dir>/data} and survives restarts; the binaries are unpacked once into {@code <state-dir>/binaries}.
 * The superuser is {@code postgres} with trust authentication, so any password is accepted. The database is created
 * if missing, then {@value #READY} is printed; SIGTERM stops the server cleanly.
 */
public final class LocalPostgres {

    /** bin/suite waits for this line. */
    static final String READY = "LocalPostgres ready";

    /** CREATE DATABASE takes no bind parameters, so only identifiers that need no quoting are accepted. */
    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private LocalPostgres() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args.length > 3) {
            System.err.println("usage: LocalPostgres <state-dir> [port] [database]");
            System.exit(2);
        }
        Path stateDir = Path.of(args[0]).toAbsolutePath();
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 55432;
        String database = args.length > 2 ? args[2] : "cinder";
        if (!DATABASE_NAME.matcher(database).matches()) {
            throw new IllegalArgumentException("not a plain lower-case database name: '" + database + "'");
        }
        requireFreePort(port);

        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setPort(port)
                .setDataDirectory(stateDir.resolve("data"))
                .setCleanDataDirectory(false)
                .setOverrideWorkingDirectory(stateDir.resolve("binaries").toFile())
                // initdb and postgres write straight to this process's output, which bin/suite sends to the log file.
                .setOutputRedirector(ProcessBuilder.Redirect.INHERIT)
                .setErrorRedirector(ProcessBuilder.Redirect.INHERIT)
                .setPGStartupWait(Duration.ofMinutes(2))
                .start();
        createDatabaseIfMissing(postgres, database);
        System.out.println(READY + " on 127.0.0.1:" + port + ", database " + database + ", data in " + stateDir.resolve("data"));
        // Runs until SIGTERM; zonky's own shutdown hook then stops the server (pg_ctl stop -m fast).
        Thread.currentThread().join();
    }

    /**
     * zonky's readiness check connects to whatever listens on the port, so a foreign server there would pass for ours.
     */
    private static void requireFreePort(int port) {
        try {
            new ServerSocket(port, 1, InetAddress.getLoopbackAddress()).close();
        } catch (IOException e) {
            throw new IllegalStateException("port " + port + " is already in use", e);
        }
    }

    private static void createDatabaseIfMissing(EmbeddedPostgres postgres, String database) throws SQLException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             PreparedStatement exists = connection.prepareStatement("select 1 from pg_database where datname = ?")) {
            exists.setString(1, database);
            try (ResultSet found = exists.executeQuery()) {
                if (found.next()) {
                    return;
                }
            }
            try (Statement create = connection.createStatement()) {
                create.execute("create database " + database);
            }
        }
    }
}
