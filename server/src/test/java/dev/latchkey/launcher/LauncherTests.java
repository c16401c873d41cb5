package dev.latchkey.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/latchkey} from the outside, as an operator runs it: a process started with its environment and
 * arguments, judged by its exit, its output and the server it starts. It needs the packaged jar, so it runs in
 * the failsafe pass only, after {@code package} (server/pom.xml). The class shares one cache directory, so the
 * class archive is trained once (tens of seconds on a busy core).
 */
class LauncherTests {

    private static final Path LAUNCHER = Path.of("..", "bin", "latchkey").toAbsolutePath().normalize();

    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);

    @TempDir
    static Path sharedCache;

    @TempDir
    Path work;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void startWhenOptionsAndJavaOptsGivenThenServerRunsWithThemAndTheSecondStartReusesTheClassArchive()
            throws Exception {
        Path data = Files.createDirectories(work.resolve("data"));
        int port = freePort();
        String issuer = "http://localhost:" + port;
        Map<String, String> env = Map.of("JAVA_OPTS", "-Dlauncher.test.marker=passed-through");
        List<String> options = List.of("--server.port=" + port, "--latchkey.data-directory=" + data,
                "--latchkey.issuer=" + issuer);

        Started first = start(env, options, "first");
        try {
            assertThat(discovery(port)).contains("\"issuer\":\"" + issuer + "\"");
            String commandLine = commandLine(first.process());
            assertThat(commandLine).as("exec: the launcher's process is the JVM").contains("java")
                .contains("-Dspring.aot.enabled=true");
            assertThat(commandLine.indexOf("-Dlauncher.test.marker=passed-through"))
                .as("JAVA_OPTS after the launcher's own flags, so that they win")
                .isGreaterThan(commandLine.indexOf("-Dspring.aot.enabled=true"));
            stop(first.process());
            assertThat(first.process().isAlive()).as("SIGTERM reaches the JVM and stops it").isFalse();
        }
        finally {
            killTree(first.process());
        }
        assertThat(Files.readString(first.stderr())).contains("latchkey: training a class archive");
        assertThat(data.resolve("latchkey.mv.db")).as("the server's database, in the data directory given").exists();

        Started second = start(env, options, "second");
        try {
            assertThat(discovery(port)).contains("\"issuer\":\"" + issuer + "\"");
            assertThat(commandLine(second.process())).containsPattern("-XX:(SharedArchiveFile|AOTCache)=" + sharedCache);
        }
        finally {
            killTree(second.process());
        }
        assertThat(Files.readString(second.stderr())).as("nothing to say when the archive exists").isEmpty();
    }

    @Test
    void startWhenTheJarIsMissingThenExitsWithOneLineSayingHowToBuildIt() throws Exception {
        Result named = run(Map.of("LATCHKEY_JAR", work.resolve("missing.jar").toString()), LAUNCHER, List.of());
        assertThat(named.exit()).isNotZero();
        assertThat(named.stderr()).isEqualTo("latchkey: no jar at LATCHKEY_JAR=" + work.resolve("missing.jar") + "\n");

        Path copy = Files.createDirectories(work.resolve("elsewhere/bin")).resolve("latchkey");
        Files.copy(LAUNCHER, copy);
        copy.toFile().setExecutable(true);
        Result unbuilt = run(Map.of(), copy, List.of());
        assertThat(unbuilt.exit()).isNotZero();
        assertThat(unbuilt.stderr()).startsWith("latchkey: no jar in ")
            .contains("build it with ./mvnw -B -q -DskipTests package")
            .hasLineCount(1);
    }

    @Test
    void startWhenJavaIsMissingOrTooOldThenExitsWithOneLineNamingIt() throws Exception {
        Path empty = Files.createDirectories(work.resolve("no-jdk"));
        Result noJavaInHome = run(Map.of("JAVA_HOME", empty.toString()), LAUNCHER, List.of());
        assertThat(noJavaInHome.exit()).isNotZero();
        assertThat(noJavaInHome.stderr()).isEqualTo("latchkey: JAVA_HOME=" + empty
                + " has no bin/java: point it at Java 17 or later, or unset it to use java on PATH\n");

        Result noJavaOnPath = run(Map.of("PATH", pathWithoutJava().toString()), LAUNCHER, List.of());
        assertThat(noJavaOnPath.exit()).isNotZero();
        assertThat(noJavaOnPath.stderr())
            .isEqualTo("latchkey: no java on PATH: install Java 17 or later, or set JAVA_HOME\n");

        Path old = Files.createDirectories(work.resolve("jdk-11/bin"));
        Files.writeString(old.resolve("java"), "#!/bin/sh\necho 'openjdk version \"11.0.2\" 2019-01-15' >&2\n");
        old.resolve("java").toFile().setExecutable(true);
        Result tooOld = run(Map.of("JAVA_HOME", old.getParent().toString()), LAUNCHER, List.of());
        assertThat(tooOld.exit()).isNotZero();
        assertThat(tooOld.stderr()).isEqualTo(
                "latchkey: " + old.resolve("java") + " is Java 11: Latchkey needs Java 17 or later (set JAVA_HOME)\n");
    }

    @Test
    void commandWhenGivenThenPassesToTheJarWithoutTrainingAnything() throws Exception {
        Path cache = work.resolve("command-cache");
        ProcessBuilder builder = launcher(Map.of("LATCHKEY_CACHE_DIR", cache.toString()), LAUNCHER,
                List.of("hash-password"));
        builder.redirectInput(Files.writeString(work.resolve("password"), "correct horse battery staple\n").toFile());
        Result result = run(builder);

        assertThat(result.exit()).isZero();
        assertThat(result.stdout()).matches("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]+\\$[A-Za-z0-9+/]+\n");
        assertThat(cache).as("a command extracts and trains nothing").doesNotExist();
    }

    private Started start(Map<String, String> env, List<String> options, String name) throws Exception {
        Path stdout = work.resolve(name + ".out");
        Path stderr = work.resolve(name + ".err");
        ProcessBuilder builder = launcher(env, LAUNCHER, options);
        builder.redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        Process process = builder.start();
        Started started = new Started(process, stdout, stderr);
        try {
            waitForDiscovery(options, process, stdout);
        }
        catch (Exception | AssertionError ex) {
            killTree(process);
            throw ex;
        }
        return started;
    }

    private void waitForDiscovery(List<String> options, Process process, Path stdout) throws Exception {
        int port = Integer.parseInt(options.get(0).substring("--server.port=".length()));
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            assertThat(process.isAlive()).as("the server died; its output:\n%s", Files.readString(stdout)).isTrue();
            try {
                discovery(port);
                return;
            }
            catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new AssertionError("no answer on port " + port + " within " + START_TIMEOUT);
    }

    private String discovery(int port) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest
            .newBuilder(URI.create("http://127.0.0.1:" + port + "/.well-known/openid-configuration"))
            .timeout(Duration.ofSeconds(5))
            .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("discovery answered " + response.statusCode());
        }
        return response.body();
    }

    private ProcessBuilder launcher(Map<String, String> env, Path launcher, List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(launcher.toString());
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile());
        Map<String, String> environment = builder.environment();
        // Only what the test says: nothing of the build's own environment reaches the launcher or the server.
        environment.keySet().removeIf(name -> name.startsWith("LATCHKEY_") || name.startsWith("SPRING_")
                || name.equals("JAVA_OPTS") || name.equals("JAVA_TOOL_OPTIONS") || name.equals("JDK_JAVA_OPTIONS"));
        environment.put("LATCHKEY_CACHE_DIR", sharedCache.toString());
        // The JDK running the tests, unless the test chooses java through PATH.
        if (!env.containsKey("PATH")) {
            environment.put("JAVA_HOME", System.getProperty("java.home"));
        }
        else {
            environment.remove("JAVA_HOME");
        }
        environment.putAll(env);
        return builder;
    }

    private Result run(Map<String, String> env, Path launcher, List<String> arguments) throws Exception {
        return run(launcher(env, launcher, arguments));
    }

    private Result run(ProcessBuilder builder) throws Exception {
        Path stdout = Files.createTempFile(work, "run", ".out");
        Path stderr = Files.createTempFile(work, "run", ".err");
        Process process = builder.redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        try {
            assertThat(process.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            return new Result(process.exitValue(), Files.readString(stdout), Files.readString(stderr));
        }
        finally {
            killTree(process);
        }
    }

    /** Every program of PATH's usual directories but java, as links in one directory. */
    private Path pathWithoutJava() throws IOException {
        Path bin = Files.createDirectories(work.resolve("path-without-java"));
        for (String directory : List.of("/usr/local/bin", "/usr/bin", "/bin")) {
            Path dir = Path.of(directory);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> programs = Files.list(dir)) {
                for (Path program : programs.toList()) {
                    Path link = bin.resolve(program.getFileName());
                    if (!program.getFileName().toString().equals("java") && Files.notExists(link)) {
                        Files.createSymbolicLink(link, program);
                    }
                }
            }
        }
        return bin;
    }

    private static String commandLine(Process process) throws IOException {
        byte[] raw = Files.readAllBytes(Path.of("/proc", String.valueOf(process.pid()), "cmdline"));
        return new String(raw, StandardCharsets.UTF_8).replace('\0', ' ');
    }

    private static void stop(Process process) throws InterruptedException {
        process.destroy();
        process.waitFor(60, TimeUnit.SECONDS);
    }

    private static void killTree(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private record Started(Process process, Path stdout, Path stderr) {
    }

    private record Result(int exit, String stdout, String stderr) {
    }
}
