package dev.latchkey.protocol.token;

import java.util.Map;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationGrantAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

import dev.latchkey.client.ApplicationClientRepository;
import dev.latchkey.protocol.dpop.DPoPProofs;
import dev.latchkey.protocol.errors.OAuth2Errors;

/**
 * Checks the DPoP proof of a token request (RFC 9449 §5) before the grant's own provider handles it: one proof
 * at most (Spring's converter refuses two), valid for this request, carrying the server nonce where the
 * application requires DPoP, and presented for the first time on any node. An application that requires DPoP
 * gets no token without a proof. The grant's provider (Spring's, run by Latchkey's) then verifies the proof again
 * and binds the tokens it issues to the proof's key ({@code cnf.jkt}, {@code token_type: DPoP}).
 */
public final class DPoPTokenRequestProvider implements AuthenticationProvider {

    /** Where Spring's token request converters put the {@code DPoP} header and the request it came with. */
    static final String PROOF = "dpop_proof";

    private static final String METHOD = "dpop_method";

    private static final String TARGET_URI = "dpop_target_uri";

    private final AuthenticationProvider grant;

    private final DPoPProofs proofs;

    public DPoPTokenRequestProvider(AuthenticationProvider grant, DPoPProofs proofs) {
        this.grant = grant;
        this.proofs = proofs;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        OAuth2AuthorizationGrantAuthenticationToken request = (OAuth2AuthorizationGrantAuthenticationToken) authentication;
        RegisteredClient client = ClientOf.registeredClient(request);
        if (client != null) {
            boolean required = ApplicationClientRepository.isOn(client, ApplicationClientRepository.REQUIRE_DPOP);
            Map<String, Object> parameters = request.getAdditionalParameters();
            if (parameters.get(PROOF) instanceof String proof) {
                proofs.verify(proof, new DPoPProofs.Expected((String) parameters.get(METHOD),
                        (String) parameters.get(TARGET_URI), null, null, required));
            }
            else if (required) {
                throw OAuth2Errors.invalidDPoPProof("application '" + client.getClientId() + "' requires DPoP: send a "
                        + "DPoP header with a proof of possession of the client's key (RFC 9449 section 4)");
            }
        }
        return grant.authenticate(authentication);
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return grant.supports(authentication);
    }
}
