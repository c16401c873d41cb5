package dev.latchkey.ops;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import javax.sql.DataSource;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Readiness's database check ({@code database}), answered within {@value #TIMEOUT_SECONDS} s. Taking a connection
 * from the pool waits up to the pool's connection timeout (3 s, or what an operator sets) while the database is
 * away, longer than a probe should wait: the check runs on a thread of its own, and a probe that finds one still running waits on it
 * rather than starting another, so an unreachable database costs one waiting thread, not one per probe.
 */
@Component
public class DatabaseHealthIndicator implements HealthIndicator {

    static final int TIMEOUT_SECONDS = 2;

    private static final Duration TIMEOUT = Duration.ofSeconds(TIMEOUT_SECONDS);

    private final DataSource dataSource;

    private final AtomicReference<CompletableFuture<Health>> running = new AtomicReference<>();

    public DatabaseHealthIndicator(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Health health() {
        try {
            return check().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (TimeoutException ex) {
            return Health.down().withDetail("error", "no connection within " + TIMEOUT_SECONDS + " s").build();
        }
        catch (ExecutionException ex) {
            return Health.down().withDetail("error", "the check failed").build();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return Health.down().withDetail("error", "interrupted").build();
        }
    }

    /** The check in progress, or a new one. */
    private CompletableFuture<Health> check() {
        CompletableFuture<Health> current = running.get();
        if (current != null && !current.isDone()) {
            return current;
        }
        CompletableFuture<Health> fresh = new CompletableFuture<>();
        if (!running.compareAndSet(current, fresh)) {
            return running.get();
        }
        Thread thread = new Thread(() -> fresh.complete(connect()), "latchkey-database-check");
        thread.setDaemon(true);
        thread.start();
        return fresh;
    }

    private Health connect() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(TIMEOUT_SECONDS) ? Health.up().build()
                    : Health.down().withDetail("error", "the connection is not valid").build();
        }
        catch (SQLException | RuntimeException ex) {
            return Health.down().withDetail("error", "cannot connect to the database").build();
        }
    }
}
