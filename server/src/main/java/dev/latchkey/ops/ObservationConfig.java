package dev.latchkey.ops;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.observation.SecurityObservationSettings;

/**
 * No per-filter observations of the security filter chains. Micrometer is on the class path (metrics,
 * docs/operations.md), so there is an observation registry, and Spring Security would otherwise wrap each of the
 * ~30 filters of every token request in an observation, a measurable share of the token endpoint's CPU (see
 * docs/benchmarks.md). Requests are timed once, by {@link RequestTimer}.
 */
@Configuration(proxyBeanMethods = false)
public class ObservationConfig {

    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }
}
