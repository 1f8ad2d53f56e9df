package org.replication.v3.api.support;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/** Reads the service's tables directly, to check what a request wrote, or that it wrote nothing. */
@ApplicationScoped
public class Rows {

    private final Pool pool;

    public Rows(Pool pool) {
        this.pool = pool;
    }

    public long count(String sql, Object... parameters) {
        RowSet<Row> rows = pool.preparedQuery(sql).execute(Tuple.from(parameters)).await().atMost(Duration.ofSeconds(10));
        return rows.iterator().next().getLong(0);
    }

    public RowSet<Row> all(String sql, Object... parameters) {
        return pool.preparedQuery(sql).execute(Tuple.from(parameters)).await().atMost(Duration.ofSeconds(10));
    }

    public Row one(String sql, Object... parameters) {
        RowSet<Row> rows = pool.preparedQuery(sql).execute(Tuple.from(parameters)).await().atMost(Duration.ofSeconds(10));
        return rows.iterator().hasNext() ? rows.iterator().next() : null;
    }
}
