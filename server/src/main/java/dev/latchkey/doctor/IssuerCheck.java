package dev.latchkey.doctor;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * An issuer that is plain http on a host other than loopback: codes, tokens and passwords would cross the network
 * in the clear (OAuth 2.1 §1.5 requires TLS for every endpoint).
 */
final class IssuerCheck implements Check {

    @Override
    public List<Finding> examine(Deployment deployment) {
        URI issuer = URI.create(deployment.server().issuer());
        if ("https".equalsIgnoreCase(issuer.getScheme()) || isLoopback(issuer.getHost())) {
            return List.of();
        }
        return List.of(new Finding("issuer-not-https", Severity.SEVERE, "latchkey.issuer is " + issuer
                + ": plain http outside loopback sends passwords, codes and tokens in the clear",
                "serve Latchkey over https (TLS at the reverse proxy) and set latchkey.issuer to that URL, such as "
                        + "https://auth.example.com"));
    }

    static boolean isLoopback(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        return name.equals("localhost") || name.startsWith("127.") || name.equals("[::1]") || name.equals("::1");
    }
}
