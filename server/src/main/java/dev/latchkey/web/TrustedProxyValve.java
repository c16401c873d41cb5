package dev.latchkey.web;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import jakarta.servlet.ServletException;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;

import dev.latchkey.settings.AddressRange;

/**
 * Takes a request that arrives from a trusted reverse proxy ({@code latchkey.trusted-proxies}) to come from the
 * client its {@code X-Forwarded-For} names: the nearest hop that is no trusted proxy, read from the right, where
 * each proxy appends the address it saw. From any other peer the header is ignored, so a client cannot choose
 * the address that brute-force guards count and audit entries show.
 */
public final class TrustedProxyValve extends ValveBase {

    private static final String FORWARDED_FOR = "X-Forwarded-For";

    private final List<AddressRange> proxies;

    public TrustedProxyValve(List<AddressRange> proxies) {
        super(true);
        this.proxies = List.copyOf(proxies);
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        // Without trusted proxies (the default) no request's address needs parsing.
        if (!proxies.isEmpty() && isTrusted(request.getRemoteAddr())) {
            String client = client(Collections.list(request.getHeaders(FORWARDED_FOR)));
            if (client != null) {
                request.setRemoteAddr(client);
                request.setRemoteHost(client);
            }
        }
        getNext().invoke(request, response);
    }

    /** The nearest hop that is no trusted proxy; {@code null} when there is none, or a hop is no address. */
    private String client(List<String> headers) {
        List<String> hops = new ArrayList<>();
        headers.forEach(header -> hops.addAll(List.of(header.split(","))));
        for (int i = hops.size() - 1; i >= 0; i--) {
            String hop = hops.get(i).strip();
            InetAddress address = AddressRange.literal(hop);
            if (address == null) {
                return null;
            }
            if (!isTrusted(address)) {
                return address.getHostAddress();
            }
        }
        return null;
    }

    private boolean isTrusted(String address) {
        InetAddress literal = AddressRange.literal(address);
        return literal != null && isTrusted(literal);
    }

    private boolean isTrusted(InetAddress address) {
        return proxies.stream().anyMatch(range -> range.contains(address));
    }
}
