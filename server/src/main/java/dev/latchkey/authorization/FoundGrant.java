package dev.latchkey.authorization;

import java.util.function.BiConsumer;
import java.util.function.Consumer;

import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;

/**
 * The authorization service of one request: one grant, already looked up by the value the request presented.
 * Spring's providers find their grant through the service they were made with and then save it back whole; a
 * provider made for one request with a {@code FoundGrant} finds the grant Latchkey has looked up and checked
 * (no second lookup, and no way to see another grant), and its save becomes the one transition the request
 * may make: a redemption, a rotation, a consent.
 */
public final class FoundGrant implements OAuth2AuthorizationService {

    private final OAuth2Authorization grant;

    private final String presentedValue;

    private final BiConsumer<OAuth2Authorization, OAuth2Authorization> save;

    private final Consumer<OAuth2Authorization> remove;

    /**
     * @param grant the grant found, or {@code null} when none was
     * @param presentedValue the code, token or state it was found by
     * @param save the transition: given the grant as found and as Spring saves it
     * @param remove what removing it means, or {@code null} when this request may not remove it
     */
    public FoundGrant(OAuth2Authorization grant, String presentedValue,
            BiConsumer<OAuth2Authorization, OAuth2Authorization> save, Consumer<OAuth2Authorization> remove) {
        this.grant = grant;
        this.presentedValue = presentedValue;
        this.save = save;
        this.remove = remove;
    }

    @Override
    public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
        return grant != null && presentedValue.equals(token) ? grant : null;
    }

    @Override
    public OAuth2Authorization findById(String id) {
        return grant != null && grant.getId().equals(id) ? grant : null;
    }

    @Override
    public void save(OAuth2Authorization authorization) {
        requireSameGrant(authorization);
        save.accept(grant, authorization);
    }

    @Override
    public void remove(OAuth2Authorization authorization) {
        requireSameGrant(authorization);
        if (remove == null) {
            throw new IllegalStateException("Grant " + grant.getId() + " may not be removed by this request");
        }
        remove.accept(grant);
    }

    private void requireSameGrant(OAuth2Authorization authorization) {
        if (grant == null || !grant.getId().equals(authorization.getId())) {
            throw new IllegalStateException("A request may change only the grant it found");
        }
    }
}
