package dev.latchkey.protocol.authorize;

import java.io.IOException;
import java.io.Serializable;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.latchkey.protocol.errors.OAuth2Errors;
import dev.latchkey.protocol.oidc.IdTokenHints;
import dev.latchkey.protocol.oidc.Prompts;
import dev.latchkey.user.SignInDetails;
import dev.latchkey.user.UserAccount;
import dev.latchkey.user.UserService;

/**
 * Decides, before Spring's access check, whether an OpenID Connect authentication request (Core §3.1.2.1)
 * needs a sign-in: {@code prompt=login}, a sign-in older than {@code max_age}, or an {@code id_token_hint}
 * naming someone else send the browser to the login page even with a session; with {@code prompt=none}
 * each of these, and having no session at all, is a {@code login_required} error at the client instead.
 * Runs after Spring has validated the client and redirect URI, so an error may be redirected.
 * <p>
 * The request that demanded the sign-in is remembered in the session; once a sign-in newer than that demand
 * brings the same request back, it is satisfied and proceeds.
 */
public final class SignInRequirementFilter extends OncePerRequestFilter {

    private static final String PENDING_ATTRIBUTE = SignInRequirementFilter.class.getName() + ".PENDING";

    /** Spring's marker of a saved request replayed after sign-in; not part of the client's request. */
    private static final String CONTINUE_PARAMETER = "continue";

    private final AuthenticationFailureHandler errors;

    private final IdTokenHints idTokenHints;

    private final UserService users;

    private final RegisteredClientRepository clients;

    private final RequestCache requestCache = new HttpSessionRequestCache();

    public SignInRequirementFilter(AuthenticationFailureHandler errors, IdTokenHints idTokenHints, UserService users,
            RegisteredClientRepository clients) {
        this.errors = errors;
        this.idTokenHints = idTokenHints;
        this.users = users;
        this.clients = clients;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        // Set by Spring's validating filter for an authorization request whose client and redirect URI are valid.
        Object validated = request.getAttribute(OAuth2AuthorizationCodeRequestAuthenticationToken.class.getName());
        if (!(validated instanceof OAuth2AuthorizationCodeRequestAuthenticationToken authorizationRequest)) {
            chain.doFilter(request, response);
            return;
        }
        Set<String> prompt = Prompts.of(authorizationRequest);
        Authentication user = SecurityContextHolder.getContext().getAuthentication();
        boolean signedIn = user != null && user.isAuthenticated() && !(user instanceof AnonymousAuthenticationToken);
        String reason = signedIn ? reasonToSignInAgain(request, authorizationRequest, prompt, user)
                : "the user is not signed in";
        if (reason == null) {
            chain.doFilter(request, response);
            return;
        }
        if (prompt.contains(Prompts.NONE)) {
            RegisteredClient client = clients.findByClientId(authorizationRequest.getClientId());
            errors.onAuthenticationFailure(request, response, OAuth2Errors.redirectedRefusal(authorizationRequest, client,
                    "login_required", null, "prompt=none, but " + reason + ": send the user without prompt=none to sign in"));
            return;
        }
        if (!signedIn) {
            // Spring's access check sends the browser to the login page.
            chain.doFilter(request, response);
            return;
        }
        request.getSession().setAttribute(PENDING_ATTRIBUTE, new PendingSignIn(fingerprint(request), Instant.now()));
        requestCache.saveRequest(request, response);
        // From the request as Spring read it: a pushed request's (RFC 9126) is not in the URL.
        Object loginHint = authorizationRequest.getAdditionalParameters().get("login_hint");
        response.sendRedirect(request.getContextPath()
                + LoginPageEntryPoint.url(loginHint instanceof String hint ? hint : user.getName()));
    }

    /** Why a signed-in user must sign in again for this request, or {@code null}. */
    private String reasonToSignInAgain(HttpServletRequest request,
            OAuth2AuthorizationCodeRequestAuthenticationToken authorizationRequest, Set<String> prompt,
            Authentication user) {
        SignInDetails signIn = SignInDetails.of(user);
        Instant signedInAt = signIn == null ? Instant.EPOCH : signIn.authenticatedAt();
        Object hint = authorizationRequest.getAdditionalParameters().get("id_token_hint");
        if (hint instanceof String idTokenHint && !isSignedInUser(idTokenHint, user)) {
            // Another user: a new sign-in, whatever an earlier demand was.
            return "the id_token_hint names another user than the one signed in";
        }
        long maxAge = Prompts.maxAge(authorizationRequest);
        String reason = prompt.contains(Prompts.LOGIN) ? "prompt=login asks for a new sign-in"
                : maxAge >= 0 && signedInAt.plusSeconds(maxAge).isBefore(Instant.now())
                        ? "the sign-in is older than max_age=" + maxAge + " seconds" : null;
        if (reason == null) {
            return null;
        }
        Object pending = request.getSession().getAttribute(PENDING_ATTRIBUTE);
        if (pending instanceof PendingSignIn demand && demand.fingerprint().equals(fingerprint(request))
                && !signedInAt.isBefore(demand.demandedAt())) {
            request.getSession().removeAttribute(PENDING_ATTRIBUTE);
            return null;
        }
        return reason;
    }

    private boolean isSignedInUser(String idTokenHint, Authentication user) {
        Jwt hint = idTokenHints.read(idTokenHint);
        return hint != null && users.find(user.getName()).map(UserAccount::id).filter(hint.getSubject()::equals).isPresent();
    }

    /** The client's request parameters, in a canonical order. */
    private static String fingerprint(HttpServletRequest request) {
        Map<String, String> parameters = new TreeMap<>();
        request.getParameterMap().forEach((name, values) -> {
            if (!CONTINUE_PARAMETER.equals(name)) {
                parameters.put(name, Arrays.toString(values));
            }
        });
        return parameters.toString();
    }

    /** A sign-in this filter demanded at a time, for the request with this fingerprint. */
    private record PendingSignIn(String fingerprint, Instant demandedAt) implements Serializable {
    }
}
