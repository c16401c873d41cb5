package dev.latchkey.ops;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

import javax.sql.DataSource;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import dev.latchkey.admin.AuditLog;
import dev.latchkey.authorization.ExpiredGrants;
import dev.latchkey.authorization.RotatedRefreshTokens;
import dev.latchkey.consent.OrphanedConsents;
import dev.latchkey.guard.FailureCounters;
import dev.latchkey.protocol.dpop.SeenProofs;
import dev.latchkey.settings.AuditSettings;
import dev.latchkey.settings.CommandLineSettings;
import dev.latchkey.settings.GuardSettings;
import dev.latchkey.settings.HousekeepingSettings;

/**
 * {@code java -jar latchkey.jar purge [--json] [--name=value ...]}: one housekeeping run on the configured database
 * (the configuration the server would read), without a web server or a Spring context: nothing is migrated,
 * provisioned or generated. Prints the rows purged per table. Like every run it takes the lease, so it never runs
 * beside a node's; when one is under way it says so and purges nothing. An embedded H2 database that a running
 * server holds cannot be opened: purge from the console then.
 */
public final class PurgeCommand {

    public static final String NAME = "purge";

    /** The exit status when nothing could be purged: bad arguments or settings, no database, another run. */
    public static final int FAILED_EXIT_STATUS = 1;

    private static final String ACTOR = "bin/latchkey purge";

    private PurgeCommand() {
    }

    /** {@link #run} in its own process: the library loggers, never set up there, would write among the counts. */
    public static int runAlone(String[] args) {
        LoggingSystem.get(PurgeCommand.class.getClassLoader()).setLogLevel(LoggingSystem.ROOT_LOGGER_NAME, LogLevel.OFF);
        return run(args, System.out, System.err);
    }

    /** @return 0 when the run ran, 1 when it could not */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Optional<CommandLineSettings> arguments = CommandLineSettings.read(NAME, args, err);
        if (arguments.isEmpty()) {
            return FAILED_EXIT_STATUS;
        }
        boolean json = arguments.get().json();
        ConfigurableEnvironment environment = arguments.get().environment();
        Binder settings;
        HousekeepingSettings housekeeping;
        GuardSettings guards;
        AuditSettings audit;
        try {
            settings = Binder.get(environment);
            housekeeping = settings.bindOrCreate("latchkey.housekeeping", HousekeepingSettings.class);
            guards = settings.bindOrCreate("latchkey.guards", GuardSettings.class);
            audit = settings.bindOrCreate("latchkey.audit", AuditSettings.class);
        }
        catch (RuntimeException ex) {
            err.println("purge: could not read the configuration: " + rootMessage(ex));
            return FAILED_EXIT_STATUS;
        }
        String url = environment.getProperty("spring.datasource.url");
        if (url == null || url.isBlank()) {
            err.println("purge: spring.datasource.url is not set");
            return FAILED_EXIT_STATUS;
        }
        // What the message repeats of the URL: never its options or query, where a password may be.
        String where = url.split("[;?]")[0];
        DataSource dataSource = DataSourceBuilder.create()
            .type(SimpleDriverDataSource.class)
            // H2 would create an empty database where none exists.
            .url(url.startsWith("jdbc:h2:") ? url + ";IFEXISTS=TRUE" : url)
            .username(environment.getProperty("spring.datasource.username"))
            .password(environment.getProperty("spring.datasource.password"))
            .build();
        PurgeResult result;
        try (Connection connection = dataSource.getConnection()) {
            JdbcClient jdbc = JdbcClient.create(new SingleConnectionDataSource(connection, true));
            AuditLog auditLog = new AuditLog(jdbc, event -> { });
            Purge.Stores stores = new Purge.Stores(new ExpiredGrants(jdbc), new RotatedRefreshTokens(jdbc),
                    new OrphanedConsents(jdbc), new ExpiredSessions(jdbc), new FailureCounters(jdbc), new SeenProofs(jdbc),
                    auditLog);
            result = new Purge(jdbc, stores, housekeeping, guards, audit).run();
            if (result.ran()) {
                auditLog.change(ACTOR, "housekeeping.purged", null, result.summary());
            }
        }
        catch (SQLException | RuntimeException ex) {
            err.println("purge: could not purge the database at " + where + ": " + rootMessage(ex));
            return FAILED_EXIT_STATUS;
        }
        if (!result.ran() && !json) {
            err.print(result.toText());
        }
        else {
            out.print(json ? result.toJson() + System.lineSeparator() : result.toText());
        }
        return result.ran() ? 0 : FAILED_EXIT_STATUS;
    }

    private static String rootMessage(Throwable ex) {
        Throwable cause = ex;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage();
    }
}
