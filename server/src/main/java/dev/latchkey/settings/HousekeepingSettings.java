package dev.latchkey.settings;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Clean-up of expired grants; of many nodes, one at a time does it.
 *
 * @param interval How often expired grants are deleted
 * @param keepExpired How long an expired grant is kept before it is deleted, so that a late replay of its code or
 * refresh token is still recognised (and refused with an explanation) rather than unknown
 */
@ConfigurationProperties("latchkey.housekeeping")
public record HousekeepingSettings(@DefaultValue("5m") Duration interval, @DefaultValue("1d") Duration keepExpired) {

    public HousekeepingSettings {
        Rules.positive("interval", interval);
        Rules.positive("keep-expired", keepExpired);
    }
}
