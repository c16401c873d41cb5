package dev.latchkey.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Fresh, empty databases for test servers: an H2 file database in the server's data directory, or a new
 * database in one real PostgreSQL started once per test JVM (binaries from the Maven artifact).
 */
public final class TestDatabases {

    private static final AtomicInteger COUNTER = new AtomicInteger();

    private static EmbeddedPostgres postgres;

    private TestDatabases() {
    }

    public static String newDatabaseUrl(Database database, Path dataDirectory) {
        return switch (database) {
            case H2 -> "jdbc:h2:file:" + dataDirectory.resolve("latchkey").toAbsolutePath()
                    + ";DB_CLOSE_ON_EXIT=FALSE;AUTO_RECONNECT=FALSE";
            case POSTGRES -> newPostgresDatabase();
        };
    }

    public static String username(Database database) {
        return database == Database.POSTGRES ? "postgres" : "latchkey";
    }

    private static synchronized String newPostgresDatabase() {
        try {
            if (postgres == null) {
                postgres = EmbeddedPostgres.builder().start();
                Runtime.getRuntime().addShutdownHook(new Thread(TestDatabases::stopPostgres));
            }
            String name = "latchkey_" + COUNTER.incrementAndGet();
            try (Connection connection = postgres.getPostgresDatabase().getConnection();
                    Statement statement = connection.createStatement()) {
                statement.execute("CREATE DATABASE " + name);
            }
            return postgres.getJdbcUrl("postgres", name);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot start the embedded PostgreSQL", ex);
        }
        catch (SQLException ex) {
            throw new IllegalStateException("Cannot create a test database", ex);
        }
    }

    private static void stopPostgres() {
        try {
            postgres.close();
        }
        catch (IOException ex) {
            // The JVM is exiting; the temporary cluster is removed with it.
        }
    }
}
