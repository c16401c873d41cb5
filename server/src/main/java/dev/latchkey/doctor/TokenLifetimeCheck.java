package dev.latchkey.doctor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Long-lived tokens: an access token that outlives an hour (a stolen JWT cannot be recalled before it expires), a
 * refresh token that outlives 90 days (a stolen one keeps working for a long time); the server's default and each
 * application's own.
 */
final class TokenLifetimeCheck implements Check {

    static final Duration LONGEST_ACCESS_TOKEN = Duration.ofHours(1);

    static final Duration LONGEST_REFRESH_TOKEN = Duration.ofDays(90);

    @Override
    public List<Finding> examine(Deployment deployment) {
        List<Finding> findings = new ArrayList<>();
        check(findings, "the server's default (latchkey.tokens.access-token-time-to-live)", "access",
                deployment.tokens().accessTokenTimeToLive(), LONGEST_ACCESS_TOKEN);
        check(findings, "the server's default (latchkey.tokens.refresh-token-time-to-live)", "refresh",
                deployment.tokens().refreshTokenTimeToLive(), LONGEST_REFRESH_TOKEN);
        for (Applications.Settings application : Applications.of(deployment)) {
            String who = "application " + application.clientId();
            check(findings, who, "access", application.accessTokenTimeToLive(), LONGEST_ACCESS_TOKEN);
            check(findings, who, "refresh", application.refreshTokenTimeToLive(), LONGEST_REFRESH_TOKEN);
        }
        return findings;
    }

    private static void check(List<Finding> findings, String who, String kind, Duration lifetime, Duration longest) {
        if (lifetime.compareTo(longest) > 0) {
            findings.add(new Finding("long-lived-" + kind + "-tokens", Severity.WARNING, who + " issues " + kind
                    + " tokens that live " + describe(lifetime) + ", longer than " + describe(longest)
                    + ": a stolen one keeps working that long", "shorten the " + kind + "-token lifetime of " + who
                            + " to " + describe(longest) + " or less (refresh tokens renew short access tokens)"));
        }
    }

    private static String describe(Duration duration) {
        long seconds = duration.toSeconds();
        return seconds % 86_400 == 0 ? seconds / 86_400 + "d" : seconds % 3_600 == 0 ? seconds / 3_600 + "h"
                : seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
    }
}
