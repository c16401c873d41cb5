package dev.latchkey.settings;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Demo mode (the README's run command sets it through the {@code demo} profile).
 *
 * @param demo Provisions the seed's world (user {@code alice}, the public {@code my-sexy-spa} and the
 * confidential {@code demo-backend}) and prints their generated credentials once
 */
@ConfigurationProperties("latchkey")
public record DemoSettings(boolean demo) {

    public boolean enabled() {
        return demo;
    }
}
