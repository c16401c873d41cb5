package dev.latchkey.doctor;

import java.util.List;

/**
 * Applications allowed the {@code plain} PKCE method: the challenge is the verifier, so whoever sees the
 * authorization request can redeem the code (RFC 7636 §4.2, §7.2). There is no server-wide setting: only
 * applications can allow it, as configured for provisioning or stored in the database.
 */
final class PlainPkceCheck implements Check {

    @Override
    public List<Finding> examine(Deployment deployment) {
        return Applications.of(deployment)
            .stream()
            .filter(Applications.Settings::allowPlainPkce)
            .map(application -> new Finding("plain-pkce", Severity.WARNING, "application " + application.clientId()
                    + " may use the plain PKCE method, which protects nothing once the authorization request is seen",
                    "turn off 'Allow plain PKCE' for " + application.clientId() + " in the console (or allow-plain-pkce "
                            + "in latchkey.provision); every current OAuth library does S256"))
            .toList();
    }
}
