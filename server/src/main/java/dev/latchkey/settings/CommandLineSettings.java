package dev.latchkey.settings;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * The arguments of a command the jar runs without a server ({@code doctor}, {@code purge}): {@code --json}, and
 * settings as {@code --name=value} on top of the configuration the server would read (its files, the
 * environment), so that a command sees what the server sees.
 *
 * @param json whether the output is to be JSON
 * @param environment the configuration, command-line settings first
 */
public record CommandLineSettings(boolean json, ConfigurableEnvironment environment) {

    /** @return empty, after one line on {@code err} that says why, for an argument that is no option or an unreadable configuration */
    public static Optional<CommandLineSettings> read(String command, String[] args, PrintStream err) {
        boolean json = false;
        List<String> options = new ArrayList<>();
        for (String arg : args) {
            if (arg.equals("--json")) {
                json = true;
            }
            else if (arg.startsWith("--") && arg.contains("=")) {
                options.add(arg);
            }
            else {
                err.println(command + ": '" + arg + "' is not an option: give settings as --name=value, and --json for "
                        + "JSON output");
                return Optional.empty();
            }
        }
        ConfigurableEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new SimpleCommandLinePropertySource(options.toArray(String[]::new)));
        try {
            ConfigDataEnvironmentPostProcessor.applyTo(environment);
        }
        catch (RuntimeException ex) {
            err.println(command + ": could not read the configuration: " + ex.getMessage());
            return Optional.empty();
        }
        return Optional.of(new CommandLineSettings(json, environment));
    }
}
