package dev.latchkey.settings;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the server is reached and where it keeps its files.
 *
 * @param issuer Issuer identifier (RFC 8414 §2): the scheme, host and port (and path, if any) clients use to
 * reach this server, without a trailing slash, query or fragment. Appears as {@code iss} in tokens, discovery
 * and authorization responses (RFC 9207), and every absolute URL the server makes names it, whatever a request's
 * {@code Host} header says. Default: {@code http://127.0.0.1:} and the port the server listens on
 * ({@code server.port}).
 * @param dataDirectory Directory of the embedded H2 database and of the files Latchkey generates for it (the
 * key-encryption key when none is configured). A relative path must start with {@code ./} (H2 refuses other
 * relative paths) and is resolved against the working directory.
 * @param trustedProxies Addresses or CIDR blocks of the reverse proxies in front of Latchkey. A request from one of
 * them is taken to come from the client address its {@code X-Forwarded-For} names (the nearest address that is no
 * trusted proxy); from anywhere else the header is ignored, so a client cannot choose the address the brute-force
 * guards count. Default: none. {@code X-Forwarded-Proto} and {@code -Host} are never needed: every absolute URL
 * comes from the issuer.
 */
@ConfigurationProperties("latchkey")
public record ServerSettings(String issuer,
        @DefaultValue("./data") Path dataDirectory, List<String> trustedProxies) {

    public ServerSettings {
        issuer = validIssuer(issuer);
        trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
        trustedProxyRanges(trustedProxies);
    }

    /** The trusted proxies, parsed. */
    public List<AddressRange> trustedProxyRanges() {
        return trustedProxyRanges(trustedProxies);
    }

    private static List<AddressRange> trustedProxyRanges(List<String> proxies) {
        List<AddressRange> ranges = new ArrayList<>();
        for (int i = 0; i < proxies.size(); i++) {
            try {
                ranges.add(AddressRange.parse(proxies.get(i)));
            }
            catch (IllegalArgumentException ex) {
                throw new InvalidSettingException("trusted-proxies[" + i + "]", ex.getMessage());
            }
        }
        return ranges;
    }

    private static String validIssuer(String issuer) {
        String problem = "must be an absolute http or https URL without query, fragment or trailing slash, such as "
                + "https://auth.example.com";
        if (issuer == null || issuer.isBlank()) {
            throw new InvalidSettingException("issuer", problem);
        }
        try {
            URI uri = new URI(issuer);
            boolean web = "https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme());
            if (!web || uri.getHost() == null || uri.getQuery() != null || uri.getFragment() != null
                    || uri.getUserInfo() != null || issuer.endsWith("/")) {
                throw new InvalidSettingException("issuer", problem + ", not '" + issuer + "'");
            }
        }
        catch (URISyntaxException ex) {
            throw new InvalidSettingException("issuer", problem + ", not '" + issuer + "'");
        }
        return issuer;
    }
}
