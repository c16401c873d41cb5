package dev.latchkey.settings;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Housekeeping: deleting, in batches, what can no longer be used, so that the tables stay as large as the live data
 * needs. Each node runs it at the interval; a lease row makes runs take turns, so two never overlap.
 *
 * @param interval How often housekeeping deletes expired grants and rotated refresh tokens, expired sign-in sessions
 * and pushed requests, consents of deleted users and applications, failure counts past their window, DPoP proofs,
 * audit events past their retention, and erases kept refresh answers past the retry window; a run that dies
 * holds the lease for half of it at most
 * @param keepExpired How long an expired grant with a code or a refresh token is kept before it is deleted, so that a
 * late replay of that code or refresh token is still recognised (and refused with an explanation) rather than
 * unknown (a consent page waiting for its answer, likewise). A grant with none of these (client_credentials, a
 * pushed request) holds nothing that can be replayed and goes as soon as it expired
 */
@ConfigurationProperties("latchkey.housekeeping")
public record HousekeepingSettings(@DefaultValue("5m") Duration interval, @DefaultValue("1d") Duration keepExpired) {

    public HousekeepingSettings {
        Rules.positive("interval", interval);
        Rules.positive("keep-expired", keepExpired);
    }
}
