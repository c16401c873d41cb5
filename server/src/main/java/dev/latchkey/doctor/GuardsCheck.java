package dev.latchkey.doctor;

import java.util.List;

/** The brute-force guards turned off: passwords and client secrets can be guessed at full speed. */
final class GuardsCheck implements Check {

    @Override
    public List<Finding> examine(Deployment deployment) {
        if (deployment.guards().enabled()) {
            return List.of();
        }
        return List.of(new Finding("guards-off", Severity.SEVERE, "latchkey.guards.enabled is false: failed "
                + "sign-ins and wrong client secrets are neither slowed down nor locked, so passwords can be guessed "
                + "as fast as the server answers", "remove latchkey.guards.enabled=false (the guards are on by "
                        + "default); tune latchkey.guards.* instead if they lock out too eagerly"));
    }
}
