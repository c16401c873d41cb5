package dev.latchkey.web;

import java.io.IOException;
import java.net.URI;

import jakarta.servlet.ServletException;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;

/**
 * Makes every request say it was addressed to the issuer's scheme, host and port, whatever its {@code Host}
 * header said: the absolute URLs Tomcat and Spring build from the request (a redirect to the login page, a
 * request's own URL) then name this server, never one a caller chose ({@code Host: evil.example} would
 * otherwise send a browser there). The issuer is the one public address clients use (RFC 8414 §2).
 */
public final class IssuerAddressValve extends ValveBase {

    private final String scheme;

    private final String host;

    private final int port;

    public IssuerAddressValve(String issuer) {
        super(true);
        URI uri = URI.create(issuer);
        this.scheme = uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        this.host = uri.getHost();
        this.port = uri.getPort() >= 0 ? uri.getPort() : "https".equals(scheme) ? 443 : 80;
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        request.getCoyoteRequest().scheme().setString(scheme);
        request.setSecure("https".equals(scheme));
        request.getCoyoteRequest().serverName().setString(host);
        request.setServerPort(port);
        getNext().invoke(request, response);
    }
}
