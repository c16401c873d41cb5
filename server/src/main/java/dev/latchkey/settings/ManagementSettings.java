package dev.latchkey.settings;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Who may read the server's metrics.
 *
 * @param allowedAddresses Addresses or CIDR blocks (besides loopback, always allowed) that may scrape
 * {@code /actuator/prometheus} on the server's own port, such as the Prometheus server's. Behind a trusted proxy
 * the address is the client's ({@code latchkey.trusted-proxies}). On a separate management port
 * ({@code management.server.port}) every caller may scrape: keep that port private. Default: none.
 */
@ConfigurationProperties("latchkey.management")
public record ManagementSettings(List<String> allowedAddresses) {

    public ManagementSettings {
        allowedAddresses = allowedAddresses == null ? List.of() : List.copyOf(allowedAddresses);
        ranges(allowedAddresses);
    }

    /** The allowed addresses, parsed. */
    public List<AddressRange> allowedRanges() {
        return ranges(allowedAddresses);
    }

    private static List<AddressRange> ranges(List<String> addresses) {
        List<AddressRange> ranges = new ArrayList<>();
        for (int i = 0; i < addresses.size(); i++) {
            try {
                ranges.add(AddressRange.parse(addresses.get(i)));
            }
            catch (IllegalArgumentException ex) {
                throw new InvalidSettingException("allowed-addresses[" + i + "]", ex.getMessage());
            }
        }
        return ranges;
    }
}
