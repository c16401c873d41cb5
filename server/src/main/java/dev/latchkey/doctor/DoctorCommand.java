package dev.latchkey.doctor;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;

import javax.sql.DataSource;

import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import dev.latchkey.settings.CommandLineSettings;

/**
 * {@code java -jar latchkey.jar doctor [--json] [--name=value ...]}: reads the configuration the server would read
 * (application.yml, profiles, extra files, environment variables, {@code --options}) and its database, and prints
 * every risky setting with its fix. Starts no server and no Spring context: nothing is migrated, provisioned or
 * generated. The database is opened read only (H2: only if it exists, {@code ACCESS_MODE_DATA=r}; PostgreSQL: a
 * read-only connection); an embedded H2 database that a running server holds cannot be opened, and the console's
 * Doctor page then shows the same findings.
 */
public final class DoctorCommand {

    public static final String NAME = "doctor";

    /** The exit status when the arguments or configuration files cannot be read at all. */
    public static final int UNUSABLE_EXIT_STATUS = 1;

    private DoctorCommand() {
    }

    /** {@link #run} in its own process: the library loggers, never set up there, would write among the findings. */
    public static int runAlone(String[] args) {
        LoggingSystem.get(DoctorCommand.class.getClassLoader()).setLogLevel(LoggingSystem.ROOT_LOGGER_NAME, LogLevel.OFF);
        return run(args, System.out, System.err);
    }

    /** @return 0 when nothing severe is found, 2 when something is, 1 when the doctor could not run */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Optional<CommandLineSettings> settings = CommandLineSettings.read(NAME, args, err);
        if (settings.isEmpty()) {
            return UNUSABLE_EXIT_STATUS;
        }
        boolean json = settings.get().json();
        ConfigurableEnvironment environment = settings.get().environment();
        Report report = Doctor.examine(environment, () -> readDatabase(environment));
        out.print(json ? report.toJson() + System.lineSeparator() : report.toText());
        return report.exitStatus();
    }

    private static DatabaseView readDatabase(ConfigurableEnvironment environment) {
        String url = environment.getProperty("spring.datasource.url");
        if (url == null || url.isBlank()) {
            return DatabaseView.unavailable("spring.datasource.url is not set");
        }
        // H2 would create an empty database where none exists, and write to one that does.
        boolean h2 = url.toLowerCase(Locale.ROOT).startsWith("jdbc:h2:");
        // What the finding repeats of the URL: never its options or query, where a password may be.
        String where = url.split("[;?]")[0];
        try {
            DataSource dataSource = DataSourceBuilder.create()
                .type(SimpleDriverDataSource.class)
                .url(h2 ? url + ";IFEXISTS=TRUE;ACCESS_MODE_DATA=r" : url)
                .username(environment.getProperty("spring.datasource.username"))
                .password(environment.getProperty("spring.datasource.password"))
                .build();
            try (Connection connection = dataSource.getConnection()) {
                connection.setReadOnly(true);
                return DatabaseView.read(JdbcClient.create(new SingleConnectionDataSource(connection, true)));
            }
        }
        catch (SQLException | RuntimeException ex) {
            return DatabaseView.unavailable("could not connect to " + where + ": " + ex.getMessage());
        }
    }
}
