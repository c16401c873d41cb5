package dev.latchkey.config;

import java.time.Clock;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.core.Ordered;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.config.ObjectPostProcessor;

import dev.latchkey.protocol.dpop.DPoPNonceHeaderFilter;
import dev.latchkey.protocol.dpop.DPoPNonces;
import dev.latchkey.protocol.dpop.DPoPProofs;
import dev.latchkey.protocol.dpop.SeenProofs;
import dev.latchkey.resource.AccessTokenAuthentication;
import dev.latchkey.signingkey.KeyEncryption;

/**
 * DPoP (RFC 9449): proofs are checked by Latchkey's rules ({@link DPoPProofs}) at the token endpoint and at every
 * protected resource, with server nonces every node can check and replays refused across nodes.
 */
@Configuration(proxyBeanMethods = false)
public class DPoPConfig {

    /** The nonce key is derived from the key-encryption key, which every node of one database shares. */
    @Bean
    DPoPNonces dpopNonces(KeyEncryption keyEncryption) {
        return new DPoPNonces(keyEncryption.derivedKey("latchkey DPoP nonces"), Clock.systemUTC());
    }

    @Bean
    DPoPProofs dpopProofs(DPoPNonces nonces, SeenProofs seen) {
        return new DPoPProofs(nonces, seen, Clock.systemUTC());
    }

    /**
     * For every path, token endpoint and protected resources alike, and before Spring Security, whose endpoints
     * write their responses without going on down the chain.
     */
    @Bean
    FilterRegistrationBean<DPoPNonceHeaderFilter> dpopNonceHeaderFilter(DPoPNonces nonces) {
        FilterRegistrationBean<DPoPNonceHeaderFilter> registration = new FilterRegistrationBean<>(
                new DPoPNonceHeaderFilter(nonces));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
        return registration;
    }

    /**
     * Hands every chain's DPoP requests ({@code Authorization: DPoP}) to Latchkey's check. Spring's resource server
     * adds a DPoP filter to each chain, authenticating with the chain's manager, to which it adds a provider of its
     * own that cannot be configured and remembers proofs in one node's memory only; and a manager would try that
     * provider after Latchkey's refused. So the manager of each chain routes DPoP requests to
     * {@link AccessTokenAuthentication#dpop()} alone; every other request goes where it went. Primary over Spring's
     * own post-processor of managers, which only adds observations of authentications, and Latchkey observes none
     * ({@code ObservationConfig}).
     */
    @Bean
    @Primary
    ObjectPostProcessor<AuthenticationManager> dpopRequestsToLatchkey(AccessTokenAuthentication accessTokens) {
        AuthenticationProvider dpop = accessTokens.dpop();
        return new ObjectPostProcessor<>() {
            @Override
            @SuppressWarnings("unchecked")
            public <O extends AuthenticationManager> O postProcess(O manager) {
                AuthenticationManager routed = authentication -> dpop.supports(authentication.getClass())
                        ? dpop.authenticate(authentication) : manager.authenticate(authentication);
                return (O) routed;
            }
        };
    }
}
