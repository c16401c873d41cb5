package dev.latchkey.ops;

import java.net.InetAddress;
import java.util.List;
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.core.env.Environment;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

import dev.latchkey.settings.AddressRange;
import dev.latchkey.settings.ManagementSettings;

/**
 * Who may scrape {@code /actuator/prometheus}: on the server's own port, loopback and the addresses of
 * {@code latchkey.management.allowed-addresses} (the client's address, after {@code latchkey.trusted-proxies});
 * on a separate management port ({@code management.server.port}), anyone who reaches it, since an operator who
 * moves management to its own port keeps that port private. Metrics carry no secret, but they tell an attacker
 * how the server is used (applications, refusals, failed sign-ins), so the public port does not serve them.
 */
public final class ScrapeAccess implements AuthorizationManager<RequestAuthorizationContext> {

    /** The port the server's own web server listens on, set by Spring Boot once it listens. */
    private static final String SERVER_PORT = "local.server.port";

    private final List<AddressRange> allowed;

    private final Environment environment;

    public ScrapeAccess(ManagementSettings settings, Environment environment) {
        this.allowed = settings.allowedRanges();
        this.environment = environment;
    }

    @Override
    public AuthorizationResult authorize(Supplier<? extends Authentication> authentication,
            RequestAuthorizationContext context) {
        HttpServletRequest request = context.getRequest();
        Integer serverPort = environment.getProperty(SERVER_PORT, Integer.class);
        if (serverPort != null && request.getLocalPort() != serverPort) {
            return new AuthorizationDecision(true);
        }
        InetAddress client = AddressRange.literal(request.getRemoteAddr());
        return new AuthorizationDecision(client != null
                && (client.isLoopbackAddress() || allowed.stream().anyMatch(range -> range.contains(client))));
    }
}
