package dev.latchkey.doctor;

import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** The doctor's findings for the running server: its own configuration and database (the console's page). */
@Service
public class ServerDoctor {

    private final ConfigurableEnvironment environment;

    private final JdbcClient jdbc;

    public ServerDoctor(ConfigurableEnvironment environment, JdbcClient jdbc) {
        this.environment = environment;
        this.jdbc = jdbc;
    }

    public Report examine() {
        return Doctor.examine(environment, () -> DatabaseView.read(jdbc));
    }
}
