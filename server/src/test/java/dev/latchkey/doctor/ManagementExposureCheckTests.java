package dev.latchkey.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/**
 * {@code latchkey.management.allowed-addresses} is read by name, whether or not this build has the setting: open
 * to every address is severe, a list of networks is not; a separate management port makes extra endpoints a
 * warning. (The command refuses a setting this build does not know, so this is checked on the bound deployment.)
 */
class ManagementExposureCheckTests {

    @Test
    void examineWhenManagementIsOpenToEveryAddressThenSevere() {
        assertThat(examine(environment().withProperty("latchkey.management.allowed-addresses", "10.0.0.0/8, ::/0")))
            .singleElement()
            .satisfies(finding -> {
                assertThat(finding.check()).isEqualTo("management-open-to-all");
                assertThat(finding.severity()).isEqualTo(Severity.SEVERE);
                assertThat(finding.problem()).contains("::/0").doesNotContain("10.0.0.0/8");
            });
        assertThat(examine(environment().withProperty("latchkey.management.allowed-addresses[0]", "0.0.0.0/0")))
            .extracting(Finding::check)
            .containsExactly("management-open-to-all");
        assertThat(examine(environment().withProperty("latchkey.management.allowed-addresses", "10.0.0.0/8"))).isEmpty();
    }

    @Test
    void examineWhenExtraEndpointsAreOnTheirOwnPortThenAWarning() {
        assertThat(examine(environment().withProperty("management.endpoints.web.exposure.include", "*")
            .withProperty("management.server.port", "9090")))
            .singleElement()
            .satisfies(finding -> {
                assertThat(finding.severity()).isEqualTo(Severity.WARNING);
                assertThat(finding.problem()).contains("exposes * over HTTP on management.server.port 9090");
            });
        assertThat(examine(environment().withProperty("management.endpoints.web.exposure.include", "health,prometheus")))
            .isEmpty();
    }

    private static MockEnvironment environment() {
        return new MockEnvironment().withProperty("latchkey.issuer", "https://auth.example.com");
    }

    private static List<Finding> examine(MockEnvironment environment) {
        return new ManagementExposureCheck().examine(Deployment.of(environment, DatabaseView.unavailable("not needed")));
    }
}
