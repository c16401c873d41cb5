package dev.latchkey.web;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;

import dev.latchkey.client.ApplicationChangedEvent;
import dev.latchkey.client.ApplicationService;
import dev.latchkey.protocol.Endpoints;

/**
 * CORS for the protocol endpoints and the API: a browser app may call them from any origin that some
 * application lists in its allowed origins. No cookies cross origins (credentials are not allowed):
 * single-page apps send their tokens in the Authorization header.
 * <p>
 * The authorization endpoint has no CORS configuration: browsers navigate to it, they never call it from
 * script. Its consent form is posted from a page with {@code Referrer-Policy: no-referrer}, so browsers
 * send {@code Origin: null} (Fetch standard, "append a request Origin header"), which a CORS check would
 * refuse as a cross-origin request from an unknown origin.
 */
@Component("corsConfigurationSource")
public class ApplicationCorsConfigurationSource implements CorsConfigurationSource {

    private static final Duration REFRESH = ApplicationService.CACHE_TTL;

    private final ApplicationService applications;

    private volatile CorsConfiguration configuration;

    private volatile Instant builtAt = Instant.EPOCH;

    public ApplicationCorsConfigurationSource(ApplicationService applications) {
        this.applications = applications;
    }

    @Override
    public CorsConfiguration getCorsConfiguration(HttpServletRequest request) {
        if (request.getRequestURI().equals(request.getContextPath() + Endpoints.AUTHORIZATION)) {
            return null;
        }
        if (configuration == null || builtAt.plus(REFRESH).isBefore(Instant.now())) {
            configuration = build();
            builtAt = Instant.now();
        }
        return configuration;
    }

    @EventListener
    void on(ApplicationChangedEvent event) {
        configuration = null;
    }

    private CorsConfiguration build() {
        CorsConfiguration cors = new CorsConfiguration();
        cors.setAllowedOrigins(applications.findAll()
            .stream()
            .flatMap(app -> app.allowedOrigins().stream())
            .distinct()
            .toList());
        cors.setAllowedMethods(List.of("GET", "POST", "OPTIONS"));
        cors.setAllowedHeaders(List.of("Authorization", "Content-Type", "DPoP"));
        // A browser application reads the server's DPoP nonce (RFC 9449 §8) from the response.
        cors.setExposedHeaders(List.of("WWW-Authenticate", "DPoP-Nonce"));
        cors.setAllowCredentials(false);
        cors.setMaxAge(Duration.ofHours(1));
        return cors;
    }
}
