package dev.latchkey.settings;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * An IP address or a CIDR block ({@code 10.0.0.0/8}, {@code 2001:db8::/32}). Only literals are accepted: a name
 * would need a DNS lookup, at start and for every value compared.
 */
public final class AddressRange {

    private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");

    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private final byte[] network;

    private final int prefixLength;

    private AddressRange(byte[] network, int prefixLength) {
        this.network = network;
        this.prefixLength = prefixLength;
    }

    /** @throws IllegalArgumentException with what is wrong, when {@code text} is no address or CIDR block */
    public static AddressRange parse(String text) {
        String value = text == null ? "" : text.strip();
        int slash = value.indexOf('/');
        InetAddress address = literal(slash < 0 ? value : value.substring(0, slash));
        if (address == null) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address or CIDR block such as 10.0.0.0/8");
        }
        int bits = address.getAddress().length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String length = value.substring(slash + 1);
            prefix = length.matches("[0-9]{1,3}") ? Integer.parseInt(length) : -1;
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("'" + text + "' has a prefix length outside 0 to " + bits);
            }
        }
        return new AddressRange(address.getAddress(), prefix);
    }

    /** The address {@code text} names, or {@code null} when it is not an IP literal (no DNS lookup is made). */
    public static InetAddress literal(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            if (IPV4.matcher(text).matches()) {
                byte[] octets = new byte[4];
                String[] parts = text.split("\\.");
                for (int i = 0; i < 4; i++) {
                    int octet = Integer.parseInt(parts[i]);
                    if (octet > 255) {
                        return null;
                    }
                    octets[i] = (byte) octet;
                }
                return InetAddress.getByAddress(octets);
            }
            // With a colon, Java reads it as an IPv6 literal or refuses it; it never looks a name up.
            return IPV6.matcher(text).matches() ? InetAddress.getByName(text) : null;
        }
        catch (UnknownHostException | IllegalArgumentException ex) {
            return null;
        }
    }

    public boolean contains(InetAddress address) {
        byte[] candidate = address.getAddress();
        if (candidate.length != network.length) {
            return false;
        }
        int whole = prefixLength / 8;
        for (int i = 0; i < whole; i++) {
            if (candidate[i] != network[i]) {
                return false;
            }
        }
        int rest = prefixLength % 8;
        if (rest == 0) {
            return true;
        }
        int mask = 0xFF << (8 - rest) & 0xFF;
        return (candidate[whole] & mask) == (network[whole] & mask);
    }
}
