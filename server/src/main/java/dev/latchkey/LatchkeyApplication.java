package dev.latchkey;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Latchkey: a PKCE-first OAuth 2.1 and OpenID Connect authorization server. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class LatchkeyApplication {

    public static void main(String[] args) {
        SpringApplication.run(LatchkeyApplication.class, args);
    }
}
