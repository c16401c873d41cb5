package dev.latchkey.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.flywaydb.core.Flyway;

import com.zaxxer.hikari.HikariDataSource;

/**
 * A fresh database with Latchkey's schema and no server: for tests of one storage class against the real
 * H2 or PostgreSQL, built from the same migrations a server runs.
 */
public final class MigratedDatabase {

    private MigratedDatabase() {
    }

    /** A new, empty, migrated database behind a small pool; close it when done. */
    public static HikariDataSource create(Database database) {
        try {
            Path directory = Files.createTempDirectory("latchkey-store-");
            HikariDataSource dataSource = new HikariDataSource();
            dataSource.setJdbcUrl(TestDatabases.newDatabaseUrl(database, directory));
            dataSource.setUsername(TestDatabases.username(database));
            dataSource.setPassword("");
            dataSource.setMaximumPoolSize(24);
            Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
            return dataSource;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
