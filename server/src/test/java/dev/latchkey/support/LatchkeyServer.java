package dev.latchkey.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.latchkey.LatchkeyApplication;

/**
 * A real Latchkey server on a free loopback port, started the way a user starts it (the whole
 * application, real HTTP), on a fresh H2 or PostgreSQL database. It can be restarted on the same
 * database, data directory and port.
 */
public final class LatchkeyServer implements AutoCloseable {

    /** The key-encryption key of every test server on PostgreSQL, as an operator sets one for all nodes. */
    public static final String POSTGRES_KEY_ENCRYPTION_KEY = "bGF0Y2hrZXktdGVzdC1rZXktZW5jcnlwdGlvbi1rZXk=";

    private final Database database;

    private final Map<String, String> properties;

    private final int port;

    private ConfigurableApplicationContext context;

    private LatchkeyServer(Database database, Map<String, String> properties, int port) {
        this.database = database;
        this.properties = properties;
        this.port = port;
    }

    /** Starts a server provisioned with {@link TestWorld} plus {@code extraProperties}. */
    public static LatchkeyServer start(Database database, Map<String, String> extraProperties) {
        Map<String, String> properties = new LinkedHashMap<>(TestWorld.provisioning());
        // Every test client connects from 127.0.0.1: the per-address guard would make unrelated tests share one
        // budget of failed sign-ins. The guards' own tests set their limits (and a trusted proxy).
        properties.put("latchkey.guards.addresses.delay-after", "1000");
        properties.put("latchkey.guards.addresses.lock-after", "10000");
        properties.putAll(extraProperties);
        return startWith(database, properties);
    }

    /** Starts a server with only these properties: no {@link TestWorld}, as an operator's configuration would. */
    public static LatchkeyServer startWith(Database database, Map<String, String> configuration) {
        LatchkeyServer server = configuredWith(database, configuration);
        server.boot();
        return server;
    }

    /**
     * A server with only these properties, on a fresh database, not started yet: {@link #boot()} starts it, and
     * its {@link #dataDirectory()} and {@link #jdbcUrl()} can be inspected whether or not the start succeeds.
     */
    public static LatchkeyServer configuredWith(Database database, Map<String, String> configuration) {
        try {
            Path dataDirectory = Files.createTempDirectory("latchkey-test-");
            int port = freePort();
            Map<String, String> properties = new LinkedHashMap<>();
            properties.put("server.port", String.valueOf(port));
            properties.put("latchkey.issuer", "http://127.0.0.1:" + port);
            properties.put("latchkey.data-directory", dataDirectory.toString());
            properties.put("spring.datasource.url", TestDatabases.newDatabaseUrl(database, dataDirectory));
            properties.put("spring.datasource.username", TestDatabases.username(database));
            properties.put("spring.datasource.password", "");
            properties.put("spring.datasource.hikari.maximum-pool-size", "24");
            if (database == Database.POSTGRES) {
                // Required with a database several nodes may share (signingkey/KeyEncryptionConfig).
                properties.put("latchkey.key-encryption-key", POSTGRES_KEY_ENCRYPTION_KEY);
            }
            properties.putAll(configuration);
            return new LatchkeyServer(database, properties, port);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    public static LatchkeyServer start(Database database) {
        return start(database, Map.of());
    }

    /** Leaves {@code property} unset when the server is {@link #boot() started}, so that its default applies. */
    public LatchkeyServer without(String property) {
        properties.remove(property);
        return this;
    }

    /** Starts the server (the whole application, on its port). */
    public void boot() {
        List<String> args = new ArrayList<>();
        properties.forEach((key, value) -> args.add("--" + key + "=" + value));
        // main(...) names the class whose build-time (Spring AOT) initializer to use when the suite runs with
        // -Dspring.aot.enabled=true; Spring would otherwise look for the test runner's.
        context = new SpringApplicationBuilder(LatchkeyApplication.class).main(LatchkeyApplication.class)
            .run(args.toArray(String[]::new));
    }

    /** Stops the server and starts it again on the same database, data directory and port. */
    public void restart() {
        context.close();
        boot();
    }

    /**
     * Starts another node of this installation: the same database, data directory (key file), issuer and
     * settings, on its own port, as a second machine behind a load balancer. The caller closes it.
     */
    public LatchkeyServer startAnotherNode() {
        LatchkeyServer node = anotherNode();
        node.boot();
        return node;
    }

    /** Like {@link #startAnotherNode()}, not started yet: {@link #boot()} starts it (nodes started together). */
    public LatchkeyServer anotherNode() {
        try {
            int otherPort = freePort();
            Map<String, String> nodeProperties = new LinkedHashMap<>(properties);
            nodeProperties.put("server.port", String.valueOf(otherPort));
            return new LatchkeyServer(database, nodeProperties, otherPort);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Like {@link #restart()}, with these properties changed or added, as an operator would between starts. */
    public void restartWith(Map<String, String> changedProperties) {
        properties.putAll(changedProperties);
        restart();
    }

    public Database database() {
        return database;
    }

    /** The directory {@code latchkey.data-directory} names. */
    public Path dataDirectory() {
        return Path.of(properties.get("latchkey.data-directory"));
    }

    /** The database's JDBC URL, to look at it without the server. */
    public String jdbcUrl() {
        return properties.get("spring.datasource.url");
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public String url(String path) {
        return baseUrl() + path;
    }

    /** Direct access to the server's database, to assert what is stored. */
    public JdbcClient jdbc() {
        return context.getBean(JdbcClient.class);
    }

    /** The running web server (Tomcat), to see how it listens. */
    public WebServer webServer() {
        return ((WebServerApplicationContext) context).getWebServer();
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    /** The bean with this name, where several share a type. */
    public <T> T bean(String name, Class<T> type) {
        return context.getBean(name, type);
    }

    public OAuthClient client() {
        return new OAuthClient(this);
    }

    /** A client signed in through the login form; fails the test setup if the sign-in is refused. */
    public OAuthClient signedInClient(String username, String password) {
        OAuthClient client = client();
        OAuthClient.Response login = client.login(username, password);
        if (login.status() != 302 || login.header("Location") == null || login.header("Location").contains("error")) {
            throw new IllegalStateException("Sign-in of " + username + " was refused: " + login);
        }
        return client;
    }

    @Override
    public void close() {
        if (context != null) {
            context.close();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
