package dev.latchkey.ops;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.observation.SecurityObservationSettings;

/**
 * No per-filter observations of the security filter chains: with the actuator present, Spring Security
 * would wrap each of the ~30 filters of every token request in an observation, a measurable share of
 * the token endpoint's CPU (see docs/benchmarks.md). Request metrics and health stay available.
 */
@Configuration(proxyBeanMethods = false)
public class ObservationConfig {

    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }
}
