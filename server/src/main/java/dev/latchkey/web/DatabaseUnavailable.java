package dev.latchkey.web;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Whether a failure is the database being out of reach (stopped, restarting, the network, no free connection
 * within the pool's timeout) rather than a bug: Spring's translation of it, the JDBC driver's connection
 * exceptions, an SQL state of class 08 (connection exception) or 57P (the server shutting down, PostgreSQL), or a
 * transaction that could not be committed or rolled back.
 */
final class DatabaseUnavailable {

    /** How far down the chain of causes to look; a chain is rarely more than a handful deep. */
    private static final int DEPTH = 16;

    private DatabaseUnavailable() {
    }

    static boolean isCauseOf(Throwable failure) {
        return find(failure) != null;
    }

    /** The cause that says so, for the log: its type and message, which name no secret. */
    static String describe(Throwable failure) {
        Throwable cause = find(failure);
        return cause == null ? "" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    private static Throwable find(Throwable failure) {
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < DEPTH; depth++, cause = cause.getCause()) {
            if (cause instanceof DataAccessResourceFailureException || cause instanceof SQLTransientConnectionException
                    || cause instanceof SQLNonTransientConnectionException || cause instanceof SQLRecoverableException) {
                return cause;
            }
            if (cause instanceof TransactionSystemException) {
                // A commit or rollback that failed: the connection went away under the transaction.
                return cause;
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return cause;
            }
        }
        return null;
    }
}
