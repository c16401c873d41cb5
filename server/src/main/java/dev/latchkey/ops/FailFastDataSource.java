package dev.latchkey.ops;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * The application's connections, without waiting again and again for a database known to be out of reach. Once the
 * pool has given up on a connection (its connection timeout), further requests fail at once, as the database
 * being unavailable (web/UnexpectedErrorFilter answers 503), instead of each waiting the timeout out: a request that
 * touches the database twice (a page, then its session) answers within one timeout, and an outage under load does
 * not hold every request thread for seconds. Every {@link #RETRY_INTERVAL} one caller tries the pool again; the
 * first connection it gets ends the outage for all. Boot still finds the pool inside (its metrics and health).
 */
public final class FailFastDataSource extends DelegatingDataSource {

    /** How long after a failure callers fail at once, before one of them tries the database again. */
    static final Duration RETRY_INTERVAL = Duration.ofSeconds(1);

    private final AtomicBoolean trying = new AtomicBoolean();

    private volatile boolean unavailable;

    private volatile long failedAt;

    public FailFastDataSource(DataSource pool) {
        super(pool);
    }

    @Override
    public Connection getConnection() throws SQLException {
        return connect(super::getConnection);
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return connect(() -> super.getConnection(username, password));
    }

    private Connection connect(Connect connect) throws SQLException {
        if (!unavailable) {
            return attempt(connect);
        }
        if (System.nanoTime() - failedAt < RETRY_INTERVAL.toNanos() || !trying.compareAndSet(false, true)) {
            throw new SQLTransientConnectionException("The database was out of reach less than "
                    + RETRY_INTERVAL.toSeconds() + " s ago; another request is trying it again", "08001");
        }
        try {
            return attempt(connect);
        }
        finally {
            trying.set(false);
        }
    }

    private Connection attempt(Connect connect) throws SQLException {
        try {
            Connection connection = connect.get();
            unavailable = false;
            return connection;
        }
        catch (SQLTransientConnectionException ex) {
            // The pool's own verdict after its connection timeout: no connection to be had.
            failedAt = System.nanoTime();
            unavailable = true;
            throw ex;
        }
    }

    @FunctionalInterface
    private interface Connect {

        Connection get() throws SQLException;
    }
}
