package dev.latchkey.doctor;

import java.util.List;

/**
 * The first-start admin account still has its first password. Latchkey has no fixed default password: on an empty
 * database with no user configured it creates {@code admin} with a random password and prints it once on standard
 * output, where terminal scroll-back and container logs keep it. Nothing about that account (password, profile,
 * role) has changed since, and {@code admin} is not an account the configuration provisions with its own password.
 */
final class FirstAdminPasswordCheck implements Check {

    static final String FIRST_ADMIN = "admin";

    @Override
    public List<Finding> examine(Deployment deployment) {
        boolean provisioned = deployment.provisioning()
            .users()
            .stream()
            .anyMatch(user -> FIRST_ADMIN.equals(user.username()));
        boolean unchanged = deployment.database()
            .admins()
            .stream()
            .anyMatch(admin -> FIRST_ADMIN.equals(admin.username()) && admin.neverUpdated());
        if (provisioned || !unchanged) {
            return List.of();
        }
        return List.of(new Finding("first-admin-password", Severity.SEVERE, "the admin account 'admin' still has the "
                + "password printed when it was created, which the terminal or the container's log may have kept",
                "sign in to the console and set a new password for admin (Users, Reset password), or provision "
                        + "admin with a password of your own (password: ${ADMIN_PASSWORD})"));
    }
}
