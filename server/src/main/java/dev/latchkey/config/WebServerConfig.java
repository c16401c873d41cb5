package dev.latchkey.config;

import org.springframework.boot.thread.Threading;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.tomcat.autoconfigure.TomcatVirtualThreadsWebServerFactoryCustomizer;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import dev.latchkey.settings.ServerSettings;
import dev.latchkey.web.IssuerAddressValve;
import dev.latchkey.web.TrustedProxyValve;

/**
 * How Tomcat serves. Every request is taken as addressed to the issuer ({@link IssuerAddressValve}), and as
 * coming from the client a trusted proxy names ({@link TrustedProxyValve}).
 * <p>
 * Tomcat serves on virtual threads whenever the JVM that runs the server has them
 * ({@code spring.threads.virtual.enabled}, Java 21+). Spring Boot decides that with a condition, which Spring
 * AOT ({@code -Dspring.aot.enabled=true}, see docs/benchmarks.md) evaluates when the jar is built, on the
 * build's JDK: a jar built on Java 17 would serve with platform threads on Java 25. This customizer asks at
 * start instead, with Boot's own test and Boot's own customizer; where Boot's condition matched too, the
 * executor is simply set twice to the same kind.
 */
@Configuration(proxyBeanMethods = false)
public class WebServerConfig {

    /** Absolute URLs name the issuer, never the caller's {@code Host} header ({@link IssuerAddressValve}). */
    @Bean
    WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> issuerAddress(ServerSettings server) {
        return factory -> factory.addEngineValves(new IssuerAddressValve(server.issuer()));
    }

    /** Client addresses from {@code X-Forwarded-For}, only behind a configured proxy ({@link TrustedProxyValve}). */
    @Bean
    WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> trustedProxies(ServerSettings server) {
        return factory -> {
            if (!server.trustedProxies().isEmpty()) {
                factory.addEngineValves(new TrustedProxyValve(server.trustedProxyRanges()));
            }
        };
    }

    @Bean
    WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> virtualThreadsDecidedAtStart(Environment environment) {
        return factory -> {
            if (Threading.VIRTUAL.isActive(environment)) {
                new TomcatVirtualThreadsWebServerFactoryCustomizer().customize(factory);
            }
        };
    }
}
