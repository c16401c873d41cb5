package dev.latchkey.protocol.dpop;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every response to a request that carries a DPoP proof the current server nonce, in a {@code DPoP-Nonce}
 * header (RFC 9449 §8.1, §9): a refusal with {@code use_dpop_nonce} then tells the client the nonce to use, and
 * every other response keeps the client's nonce fresh, at the token endpoint as at protected resources.
 */
public final class DPoPNonceHeaderFilter extends OncePerRequestFilter {

    static final String DPOP_NONCE = "DPoP-Nonce";

    private final DPoPNonces nonces;

    public DPoPNonceHeaderFilter(DPoPNonces nonces) {
        this.nonces = nonces;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getHeader("DPoP") != null) {
            response.setHeader(DPOP_NONCE, nonces.current());
        }
        chain.doFilter(request, response);
    }
}
