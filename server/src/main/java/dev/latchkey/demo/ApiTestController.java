package dev.latchkey.demo;

import java.security.Principal;
import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The seed's protected API: answers who is calling, for a valid bearer access token (or a signed-in
 * browser session). A client_credentials token has no user: it is the application calling.
 */
@RestController
public class ApiTestController {

    @GetMapping("/api/test/")
    Map<String, Object> test(Principal principal) {
        return Map.of("success", true, "user", principal.getName());
    }
}
