package org.replication.v3.testinfra;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Gives a Quarkus test a fresh real PostgreSQL and points both the reactive and the JDBC datasource at it.
 * The init argument {@value #DATABASE_ARG} names the database to create and use (default {@code postgres}).
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {

    public static final String DATABASE_ARG = "database";

    private String database = SharedPostgres.DEFAULT_DATABASE;
    private SharedPostgres postgres;

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault(DATABASE_ARG, SharedPostgres.DEFAULT_DATABASE);
    }

    @Override
    public Map<String, String> start() {
        postgres = SharedPostgres.start();
        try {
            postgres.createDatabase(database);
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
        return Map.of(
                "quarkus.datasource.reactive.url", postgres.reactiveUrl(database),
                "quarkus.datasource.jdbc.url", postgres.jdbcUrl(database),
                "quarkus.datasource.username", postgres.username(),
                "quarkus.datasource.password", postgres.password());
    }

    @Override
    public void stop() {
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
    }
}
