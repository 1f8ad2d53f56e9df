package org.replication.v3.volume.backend;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.function.Supplier;
import org.replication.v3.volume.driver.VolumeDriverException;

/**
 * Runs a driver call as every service here must: on a worker thread (array I/O blocks) and outside any database
 * transaction, so a slow array holds no connection. Callers read what they need before (a short session) and record
 * the outcome after (the inbox transaction); a crash in between repeats the call, which is idempotent.
 */
@ApplicationScoped
public class DriverCalls {

    @Inject
    Vertx vertx;

    /** What a driver call returned, or why the array refused (a driver failure, recorded as the command's outcome). */
    public record Driven<T>(T result, String failure) {

        public static <T> Driven<T> ok(T result) {
            return new Driven<>(result, null);
        }

        public static <T> Driven<T> failed(String failure) {
            return new Driven<>(null, failure);
        }

        public boolean succeeded() {
            return failure == null;
        }
    }

    /** Calls the driver on a worker; a {@link VolumeDriverException} becomes a failed outcome, anything else fails. */
    public <T> Uni<Driven<T>> call(Supplier<T> driverCall) {
        return run(driverCall).map(Driven::ok)
                .onFailure(VolumeDriverException.class).recoverWithItem(failure -> Driven.failed(failure.getMessage()));
    }

    /** Calls the driver on a worker, failures as they are (the caller turns them into per-volume results). */
    public <T> Uni<T> run(Supplier<T> driverCall) {
        return vertx.executeBlocking(Uni.createFrom().item(driverCall), false);
    }
}
