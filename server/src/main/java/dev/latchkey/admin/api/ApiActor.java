package dev.latchkey.admin.api;

import java.security.Principal;

/** How an API caller appears in the audit log: the application that holds the admin token. */
final class ApiActor {

    private ApiActor() {
    }

    static String of(Principal principal) {
        return "client:" + principal.getName();
    }
}
