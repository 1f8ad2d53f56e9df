package org.replication.v3.benchmarks;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A seed for read benchmarks only: many volumes in the api-service's own table without creating them through the
 * API, which would take hours here. One volume is created through the API (so its row is a real one: type, host,
 * replication, ...) and its row is copied N-1 times with new ids, names ({@code <name>-<n>}) and creation times (a
 * millisecond apart, older than the original), as real Cinder's peer benchmark does with {@code --seed sql}.
 *
 * <p>The copies exist in the api-service's table only: no backend holds them, so they are fit for reads and nothing
 * else (an action on one would reach a volume-service that does not know it). {@link #remove} deletes them again.
 */
final class ReadSeed {

    /** Columns the copy gives new values; every other column is copied as it is, whatever the schema has. */
    private static final Set<String> REPLACED = Set.of("id", "name", "created_at", "updated_at");
    private static final int BATCH = 10_000;

    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final String schema;

    ReadSeed(Options options) {
        this.jdbcUrl = options.text("jdbc", "jdbc:postgresql://127.0.0.1:55432/cinder");
        this.user = options.text("db-user", "postgres");
        this.password = options.text("db-password", "postgres");
        this.schema = options.text("db-schema", "api");
    }

    /** Live volumes of {@code project} in the table. */
    long count(String project) throws SQLException {
        try (Connection db = connect();
                PreparedStatement count = db.prepareStatement(
                        "select count(*) from " + schema + ".volume where project_id = ? and deleted_at is null")) {
            count.setString(1, project);
            try (ResultSet rows = count.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** Inserts {@code copies} copies of volume {@code original}'s row, named {@code <prefix>-1 ..}; returns nanos. */
    long copy(UUID original, String prefix, int copies) throws SQLException {
        long start = System.nanoTime();
        try (Connection db = connect()) {
            List<String> columns = columns(db);
            StringBuilder insert = new StringBuilder("insert into ").append(schema).append(".volume (")
                    .append(String.join(", ", columns)).append(") select ");
            for (int i = 0; i < columns.size(); i++) {
                String column = columns.get(i);
                insert.append(i == 0 ? "" : ", ").append(switch (column) {
                    case "id" -> "gen_random_uuid()";
                    case "name" -> "? || '-' || g";
                    case "created_at" -> "v.created_at - g * interval '1 millisecond'";
                    case "updated_at" -> "v.updated_at - g * interval '1 millisecond'";
                    default -> "v." + column;
                });
            }
            insert.append(" from ").append(schema).append(".volume v, generate_series(?, ?) g where v.id = ?");
            try (PreparedStatement statement = db.prepareStatement(insert.toString())) {
                for (int from = 1; from <= copies; from += BATCH) {
                    statement.setString(1, prefix);
                    statement.setInt(2, from);
                    statement.setInt(3, Math.min(copies, from + BATCH - 1));
                    statement.setObject(4, original);
                    statement.executeUpdate();
                }
            }
            try (PreparedStatement analyze = db.prepareStatement("analyze " + schema + ".volume")) {
                analyze.execute();
            }
        }
        return System.nanoTime() - start;
    }

    /** Deletes the copies of {@code original} in {@code project} (the original is deleted through the API). */
    int remove(String project, UUID original) throws SQLException {
        try (Connection db = connect();
                PreparedStatement delete = db.prepareStatement(
                        "delete from " + schema + ".volume where project_id = ? and id <> ?")) {
            delete.setString(1, project);
            delete.setObject(2, original);
            return delete.executeUpdate();
        }
    }

    private List<String> columns(Connection db) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (PreparedStatement query = db.prepareStatement("select column_name from information_schema.columns"
                + " where table_schema = ? and table_name = 'volume' order by ordinal_position")) {
            query.setString(1, schema);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    columns.add(rows.getString(1));
                }
            }
        }
        if (!columns.containsAll(REPLACED)) {
            throw new IllegalStateException("no volume table with " + REPLACED + " in schema " + schema);
        }
        return columns;
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, user, password);
    }
}
