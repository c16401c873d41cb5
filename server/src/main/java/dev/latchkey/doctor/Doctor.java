package dev.latchkey.doctor;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.springframework.core.env.ConfigurableEnvironment;

import dev.latchkey.settings.InvalidSettingException;
import dev.latchkey.settings.SettingsCheck;

/**
 * The deployment self-check: every risky setting of a configuration and its database, each with its fix. The
 * command ({@link DoctorCommand}) and the console's page ({@link ServerDoctor}) run the same checks.
 */
public final class Doctor {

    private static final List<Check> CHECKS = List.of(new IssuerCheck(), new DemoModeCheck(),
            new KeyEncryptionKeyCheck(), new SharedH2Check(), new PlainPkceCheck(), new TokenLifetimeCheck(),
            new GuardsCheck(), new ManagementExposureCheck(), new FirstAdminPasswordCheck(), new DatabaseCheck());

    private Doctor() {
    }

    /**
     * @param database read only when the settings pass the server's own start-up check; a configuration the
     * server would refuse is the one finding
     */
    static Report examine(ConfigurableEnvironment environment, Supplier<DatabaseView> database) {
        try {
            SettingsCheck.check(environment);
        }
        catch (InvalidSettingException ex) {
            return new Report(List.of(new Finding("invalid-setting", Severity.SEVERE, "the server would not start: "
                    + ex.getMessage(), "correct that setting (docs/configuration.md lists every setting)")));
        }
        Deployment deployment = Deployment.of(environment, database.get());
        List<Finding> findings = new ArrayList<>();
        CHECKS.forEach(check -> findings.addAll(check.examine(deployment)));
        return new Report(findings);
    }
}
