package dev.latchkey.doctor;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Management endpoints anyone can read: actuator endpoints beyond health and metrics (the environment, beans,
 * heap and thread dumps tell an attacker a great deal), health details shown to anyone, and
 * {@code latchkey.management.allowed-addresses} (where that setting exists) open to every address.
 */
final class ManagementExposureCheck implements Check {

    private static final Set<String> HARMLESS = Set.of("health", "prometheus", "info");

    @Override
    public List<Finding> examine(Deployment deployment) {
        List<Finding> findings = new ArrayList<>();
        Set<String> exposed = new TreeSet<>(deployment.exposedEndpoints());
        exposed.removeAll(HARMLESS);
        if (!exposed.isEmpty()) {
            boolean ownPort = deployment.managementPort() != null;
            findings.add(new Finding("management-endpoints-exposed", ownPort ? Severity.WARNING : Severity.SEVERE,
                    "management.endpoints.web.exposure.include exposes " + String.join(", ", exposed) + " over HTTP"
                            + (ownPort ? " on management.server.port " + deployment.managementPort()
                                    : " on the server's own port, to anyone who reaches it"),
                    "expose only health and prometheus (management.endpoints.web.exposure.include=health,prometheus)"
                            + (ownPort ? ", or make sure only your monitoring reaches that port" : "")));
        }
        if ("always".equalsIgnoreCase(deployment.healthDetails().strip())) {
            findings.add(new Finding("health-details-public", Severity.WARNING, "management.endpoint.health.show-details "
                    + "is always: anyone who reaches /actuator/health reads the database's and the disk's details",
                    "set management.endpoint.health.show-details to never (the default) or when-authorized"));
        }
        List<String> everywhere = deployment.managementAllowedAddresses()
            .stream()
            .map(String::strip)
            .filter(range -> range.equals("0.0.0.0/0") || range.equals("::/0"))
            .toList();
        if (!everywhere.isEmpty()) {
            findings.add(new Finding("management-open-to-all", Severity.SEVERE, "latchkey.management.allowed-addresses "
                    + "includes " + String.join(" and ", everywhere) + ": every address may read the management "
                    + "endpoints", "list only the addresses of your monitoring (such as 10.0.0.0/8)"));
        }
        return findings;
    }
}
