package dev.latchkey.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A PostgreSQL of a test's own (the embedded binaries), which the test may stop under a running server and
 * start again on the same port and data, as an outage or a database restart would.
 */
public final class OwnPostgres implements AutoCloseable {

    private final Path dataDirectory;

    private final int port;

    private EmbeddedPostgres postgres;

    private OwnPostgres(Path dataDirectory, int port) {
        this.dataDirectory = dataDirectory;
        this.port = port;
    }

    public static OwnPostgres start() {
        try {
            OwnPostgres own = new OwnPostgres(Files.createTempDirectory("latchkey-own-pg-"), freePort());
            own.startAgain();
            return own;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** The properties that point a server at this database. */
    public Map<String, String> serverProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("spring.datasource.url", "jdbc:postgresql://localhost:" + port + "/postgres");
        properties.put("spring.datasource.username", "postgres");
        return properties;
    }

    /** Stops the database (a fast shutdown: its connections are cut). */
    public void stop() {
        if (postgres != null) {
            try {
                postgres.close();
            }
            catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
            postgres = null;
        }
    }

    /** Starts it again on the same port and data directory. */
    public void startAgain() {
        try {
            postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setPort(port)
                .start();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    @Override
    public void close() {
        stop();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
