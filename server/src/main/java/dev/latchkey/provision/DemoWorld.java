package dev.latchkey.provision;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

import dev.latchkey.client.ApplicationService;
import dev.latchkey.client.ClientSecrets;
import dev.latchkey.config.LatchkeyProperties.ProvisionedApplication;
import dev.latchkey.config.LatchkeyProperties.ProvisionedUser;
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
        if (existingUsers.find(USER).isEmpty() && users.stream().noneMatch(user -> USER.equals(user.getUsername()))) {
            ProvisionedUser alice = new ProvisionedUser();
            alice.setUsername(USER);
            alice.setPassword(generatePassword());
            users.add(alice);
            printed.add("Demo user: username '" + USER + "', password '" + alice.getPassword() + "'");
        }
        if (existingApplications.find(SPA).isEmpty()) {
            ProvisionedApplication spa = new ProvisionedApplication();
            spa.setClientId(SPA);
            spa.setName("My sexy SPA");
            spa.setType("public");
            spa.setGrantTypes(List.of("authorization_code", "refresh_token"));
            spa.setRedirectUris(List.of("http://my-sexy-spa/"));
            spa.setScopes(List.of("read", "write"));
            spa.setSkipAuthorization(true);
            spa.setAllowedOrigins(List.of("http://my-sexy-spa"));
            applications.add(spa);
            printed.add("Demo public application: client_id '" + SPA + "' (no secret: use PKCE), redirect_uri "
                    + "'http://my-sexy-spa/', scopes 'read write'");
        }
        if (existingApplications.find(BACKEND).isEmpty()) {
            ProvisionedApplication backend = new ProvisionedApplication();
            backend.setClientId(BACKEND);
            backend.setName("Demo backend");
            backend.setType("confidential");
            backend.setSecret(ClientSecrets.generate());
            backend.setGrantTypes(List.of("client_credentials", "authorization_code", "refresh_token"));
            backend.setRedirectUris(List.of("http://127.0.0.1:18999/cb"));
            backend.setScopes(List.of("read", "write"));
            applications.add(backend);
            printed.add("Demo confidential application: client_id '" + BACKEND + "', client_secret '"
                    + backend.getSecret() + "'");
        }
    }

    /** 16 random bytes, base64url: 22 characters, 128 bits. */
    static String generatePassword() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
