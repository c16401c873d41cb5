package dev.latchkey.doctor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * H2 where more than one process may use it: a server-mode URL ({@code jdbc:h2:tcp:}, {@code ssl:}) or
 * {@code AUTO_SERVER=TRUE}. H2 is the single-node default; several nodes need PostgreSQL. Two nodes each on their
 * own H2 file cannot be seen from one of them, and an in-memory H2 loses everything at a restart.
 */
final class SharedH2Check implements Check {

    @Override
    public List<Finding> examine(Deployment deployment) {
        String url = deployment.jdbcUrl() == null ? "" : deployment.jdbcUrl().toLowerCase(Locale.ROOT);
        if (!url.startsWith("jdbc:h2:")) {
            return List.of();
        }
        List<Finding> findings = new ArrayList<>();
        if (url.startsWith("jdbc:h2:tcp:") || url.startsWith("jdbc:h2:ssl:") || url.contains(";auto_server=true")) {
            findings.add(new Finding("h2-shared", Severity.SEVERE, "spring.datasource.url lets several processes "
                    + "share one H2 database (server mode or AUTO_SERVER): H2 serialises every write through one "
                    + "process and is not built for several nodes", "run several nodes on PostgreSQL (the postgres "
                            + "profile, SPRING_DATASOURCE_URL); keep H2 for a single node"));
        }
        if (url.startsWith("jdbc:h2:mem:")) {
            findings.add(new Finding("h2-in-memory", Severity.WARNING, "spring.datasource.url is an in-memory H2 "
                    + "database: every application, user, grant and key is lost when the server stops",
                    "use the default file database (under latchkey.data-directory) or PostgreSQL"));
        }
        return findings;
    }

    /** An H2 database in a local file, as the default configuration has it. */
    static boolean isEmbeddedH2File(String jdbcUrl) {
        String url = jdbcUrl == null ? "" : jdbcUrl.toLowerCase(Locale.ROOT);
        return url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:h2:tcp:") && !url.startsWith("jdbc:h2:ssl:")
                && !url.startsWith("jdbc:h2:mem:") && !url.contains(";auto_server=true");
    }
}
