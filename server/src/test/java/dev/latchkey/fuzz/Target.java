package dev.latchkey.fuzz;

import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;

import dev.latchkey.support.RawHttp;

/**
 * One request the fuzz starts from, before it is mutated: a well-formed call of an endpoint, as its legitimate
 * caller would send it (or nearly: a wrong verifier, an altered token, a forged CSRF token, where the real one
 * would change what other tests use).
 *
 * @param group the endpoint, as counted: every try sends one request to each group
 * @param baseline the request, made for a try's variant number
 * @param token where a token goes that {@link Mutation.AlterToken} may replace with an altered one
 * @param secretHeader whether its Authorization header holds a real client secret, which is never changed: a
 *        wrong secret would count towards a guard that locks a client other tests use
 * @param effect what the request may change
 */
record Target(String group, String name, BiFunction<FuzzWorld, Integer, HostileRequest> baseline, TokenSlot token,
        boolean secretHeader, Effect effect) {

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    HostileRequest build(FuzzWorld world, int variant) {
        return baseline.apply(world, variant);
    }

    /** Whether this request, as sent and as answered, may have changed what the server stores. */
    boolean mayChangeState(HostileRequest sent, RawHttp.Answer answer) {
        return switch (effect) {
            case NONE -> false;
            case ISSUES_CODE -> answer.status() < 400 && answer.header("Location") != null
                    && (answer.header("Location").contains("code=") || answer.header("Location").contains("/consent"));
            case WRITES -> answer.status() < 400 && !SAFE_METHODS.contains(sent.method);
            case BURNS_A_STOLEN_CODE -> answer.status() == 400 && answer.text().contains("code was issued to another client");
        };
    }

    enum Effect {
        /** Changes nothing, whatever is sent (refused or not). */
        NONE,
        /** A signed-in authorization request that was granted stores a grant. */
        ISSUES_CODE,
        /** An accepted request with an unsafe method may write. */
        WRITES,
        /**
         * A code redeemed by another client than its own is invalidated, refused as it is (it may have been stolen,
         * so nobody may redeem it now): the refusal says so.
         */
        BURNS_A_STOLEN_CODE
    }

    /** Where the target carries a token, and which real token's alterations replace it. */
    enum TokenSlot {
        NONE, BEARER, TOKEN, REFRESH_TOKEN, ID_TOKEN_HINT;

        List<String> alterations(FuzzWorld world, int variant) {
            return switch (this) {
                case NONE -> List.of();
                case BEARER -> world.alteredAccessTokens;
                case TOKEN -> variant % 2 == 0 ? world.alteredAccessTokens : world.alteredRefreshTokens;
                case REFRESH_TOKEN -> world.alteredRefreshTokens;
                case ID_TOKEN_HINT -> world.alteredIdTokens;
            };
        }

        void put(HostileRequest request, String token) {
            switch (this) {
                case NONE -> {
                }
                case BEARER -> request.header("Authorization", "Bearer " + token);
                case TOKEN -> replace(request, "token", token);
                case REFRESH_TOKEN -> replace(request, "refresh_token", token);
                case ID_TOKEN_HINT -> replace(request, "id_token_hint", token);
            }
        }

        private static void replace(HostileRequest request, String name, String value) {
            request.parameters().removeIf(pair -> pair[0].equals(name));
            request.parameters().add(new String[] { name, HostileRequest.encode(value) });
        }
    }
}
