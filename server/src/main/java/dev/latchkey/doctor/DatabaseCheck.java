package dev.latchkey.doctor;

import java.util.List;

/** The database could not be read: the checks that need it saw only the configuration. */
final class DatabaseCheck implements Check {

    @Override
    public List<Finding> examine(Deployment deployment) {
        String unavailable = deployment.database().unavailable();
        if (unavailable == null) {
            return List.of();
        }
        return List.of(new Finding("database-not-read", Severity.WARNING, "the database was not read (" + unavailable
                + "): the applications stored there (plain PKCE, token lifetimes) and the first admin's password "
                + "were not checked", "run doctor where it reaches the database with the server's settings, or open "
                        + "the console's Doctor page on the running server"));
    }
}
