package dev.latchkey.provision;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

import dev.latchkey.client.ApplicationService;
import dev.latchkey.client.ClientSecrets;
import dev.latchkey.settings.ProvisioningSettings.ProvisionedApplication;
import dev.latchkey.settings.ProvisioningSettings.ProvisionedUser;
import dev.latchkey.user.UserService;

/**
 * The seed's world for demo mode: user {@code alice}, the public SPA {@code my-sexy-spa} and the
 * confidential {@code demo-backend}. Credentials are generated the first time and printed once; later
 * starts leave existing entries as they are.
 */
final class DemoWorld {

    static final String USER = "alice";

    static final String SPA = "my-sexy-spa";

    static final String BACKEND = "demo-backend";

    private static final SecureRandom RANDOM = new SecureRandom();

    private DemoWorld() {
    }

    static void addTo(List<ProvisionedUser> users, List<ProvisionedApplication> applications, UserService existingUsers,
            ApplicationService existingApplications, List<String> printed) {
        if (existingUsers.find(USER).isEmpty() && users.stream().noneMatch(user -> USER.equals(user.username()))) {
            String password = generatePassword();
            users.add(new ProvisionedUser(USER, password, null, true, false, null, null, false));
            printed.add("Demo user: username '" + USER + "', password '" + password + "'");
        }
        if (existingApplications.find(SPA).isEmpty()) {
            applications.add(new ProvisionedApplication(SPA, "My sexy SPA", "public", null,
                    List.of("authorization_code", "refresh_token"), List.of("http://my-sexy-spa/"), List.of(), "RS256",
                    List.of("read", "write"), true, false, List.of("http://my-sexy-spa"), null, null, null, false, false, null,
                    null));
            printed.add("Demo public application: client_id '" + SPA + "' (no secret: use PKCE), redirect_uri "
                    + "'http://my-sexy-spa/', scopes 'read write'");
        }
        if (existingApplications.find(BACKEND).isEmpty()) {
            String secret = ClientSecrets.generate();
            applications.add(new ProvisionedApplication(BACKEND, "Demo backend", "confidential", secret,
                    List.of("client_credentials", "authorization_code", "refresh_token"),
                    List.of("http://127.0.0.1:18999/cb"), List.of(), "RS256", List.of("read", "write"), false, false,
                    List.of(), null, null, null, false, false, null, null));
            printed.add("Demo confidential application: client_id '" + BACKEND + "', client_secret '" + secret + "'");
        }
    }

    /** 16 random bytes, base64url: 22 characters, 128 bits. */
    static String generatePassword() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
