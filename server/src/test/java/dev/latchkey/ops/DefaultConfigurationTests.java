package dev.latchkey.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import dev.latchkey.LatchkeyApplication;

/**
 * The server starts as the README's command starts it: no database or data-directory settings at all,
 * so the embedded database lands in {@code ./data} of the working directory. (Every other test names its
 * own directories, which is how a relative default that the embedded database refuses went unnoticed.)
 */
class DefaultConfigurationTests {

    @Test
    void startsWithTheDefaultDataDirectoryRelativeToTheWorkingDirectory() throws Exception {
        Path data = Path.of("data");
        boolean existedBefore = Files.exists(data);
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(LatchkeyApplication.class)
            .main(LatchkeyApplication.class)
            .run("--server.port=0", "--spring.profiles.active=demo")) {
            int port = ((WebServerApplicationContext) context).getWebServer().getPort();
            HttpResponse<String> discovery = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/.well-known/openid-configuration"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(discovery.statusCode()).isEqualTo(200);
            assertThat(data.resolve("latchkey.mv.db")).exists();
            assertThat(data.resolve("signing-key-encryption.key")).exists();
        }
        finally {
            if (!existedBefore) {
                deleteRecursively(data);
            }
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
