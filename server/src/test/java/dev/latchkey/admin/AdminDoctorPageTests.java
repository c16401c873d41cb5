package dev.latchkey.admin;

import static dev.latchkey.admin.AdminWorld.ADMIN;
import static dev.latchkey.admin.AdminWorld.ADMIN_PASSWORD;
import static dev.latchkey.support.TestWorld.PLAIN_SPA;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import dev.latchkey.support.Database;
import dev.latchkey.support.LatchkeyServer;
import dev.latchkey.support.OAuthClient.Response;

/**
 * The console's Doctor page shows the running server's risky settings with their fixes: here the test world's
 * application allowed plain PKCE, and, beside the embedded H2 database, no key-encryption key (a warning; with
 * PostgreSQL a server without one does not start, so the test servers there have one and the page says nothing).
 */
@ParameterizedClass
@EnumSource(Database.class)
class AdminDoctorPageTests {

    @Parameter
    Database database;

    LatchkeyServer server() {
        return AdminWorld.server(database);
    }

    @Test
    void doctorPageWhenSettingsAreRiskyThenListsEachWithSeverityAndFix() {
        Response page = server().signedInClient(ADMIN, ADMIN_PASSWORD).get("/admin/doctor", Map.of("Accept", "text/html"));

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("href=\"/admin/doctor\" aria-current=\"page\"");
        assertThat(row(page.body(), "finding-plain-pkce")).contains(">warning<", "application " + PLAIN_SPA,
                "turn off &#39;Allow plain PKCE&#39; for " + PLAIN_SPA);
        if (database == Database.H2) {
            assertThat(row(page.body(), "finding-key-encryption-key")).contains(">warning<",
                    "set latchkey.key-encryption-key");
        }
        else {
            assertThat(page.body()).doesNotContain("finding-key-encryption-key");
        }
        assertThat(page.body()).doesNotContain("finding-guards-off", "finding-demo-mode", "finding-issuer-not-https");
    }

    private static String row(String page, String id) {
        int start = page.indexOf("id=\"" + id + "\"");
        assertThat(start).as(id + " in the page").isPositive();
        return page.substring(start, page.indexOf("</tr>", start));
    }
}
