package dev.latchkey.doctor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.latchkey.settings.ProvisioningSettings.ProvisionedApplication;

/**
 * The applications the server will run with: those in the database, overridden by those configured for
 * provisioning (applied at every start), with the server's token lifetimes where they set none.
 */
final class Applications {

    /** What the doctor checks of one application. */
    record Settings(String clientId, boolean allowPlainPkce, Duration accessTokenTimeToLive,
            Duration refreshTokenTimeToLive) {
    }

    private Applications() {
    }

    static List<Settings> of(Deployment deployment) {
        Map<String, Settings> applications = new LinkedHashMap<>();
        for (DatabaseView.ApplicationRow row : deployment.database().applications()) {
            applications.put(row.clientId(), new Settings(row.clientId(), row.allowPlainPkce(),
                    row.accessTokenTimeToLive(), row.refreshTokenTimeToLive()));
        }
        for (ProvisionedApplication configured : deployment.provisioning().applications()) {
            applications.put(configured.clientId(), new Settings(configured.clientId(), configured.allowPlainPkce(),
                    orDefault(configured.accessTokenTimeToLive(), deployment.tokens().accessTokenTimeToLive()),
                    orDefault(configured.refreshTokenTimeToLive(), deployment.tokens().refreshTokenTimeToLive())));
        }
        return new ArrayList<>(applications.values());
    }

    private static Duration orDefault(Duration configured, Duration serverDefault) {
        return configured != null ? configured : serverDefault;
    }
}
