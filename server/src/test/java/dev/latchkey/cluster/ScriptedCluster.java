package dev.latchkey.cluster;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * {@code scripts/cluster} run as an operator runs it, on a state directory of its own under {@code target/} (not
 * a {@code @TempDir}: PostgreSQL runs as another user when the tests run as root, and must be let through every
 * parent directory) and a free range of ports.
 */
final class ScriptedCluster {

    private static final Path SCRIPT = Path.of("..", "scripts", "cluster").toAbsolutePath().normalize();

    private final Path state;

    private final int port;

    private ScriptedCluster(Path state, int port) {
        this.state = state;
        this.port = port;
    }

    static ScriptedCluster inNewDirectory() throws IOException {
        Path state = Files.createTempDirectory(Files.createDirectories(Path.of("target").toAbsolutePath()), "cluster-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        return new ScriptedCluster(state, freePorts());
    }

    /** nginx's address: the issuer. */
    String address() {
        return "http://127.0.0.1:" + port;
    }

    String nodeAddress(int node) {
        return "http://127.0.0.1:" + nodePort(node);
    }

    int nodePort(int node) {
        return port + node;
    }

    String secret(String name) throws IOException {
        return Files.readString(state.resolve("secrets").resolve(name), StandardCharsets.US_ASCII).strip();
    }

    String accessLog() throws IOException {
        return Files.readString(state.resolve("nginx").resolve("access.log"), StandardCharsets.UTF_8);
    }

    /** Runs {@code scripts/cluster <arguments> --dir <state> --port <port>}; its exit status and output. */
    Result run(Duration timeout, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(SCRIPT.toString()));
        command.addAll(List.of(arguments));
        command.addAll(List.of("--dir", state.toString(), "--port", Integer.toString(port)));
        Path output = Files.createTempFile(state, "run-", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(output.toFile());
        // The same JDK as the tests for bin/latchkey.
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = builder.start();
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor();
            return new Result(-1, Files.readString(output) + "\n(killed after " + timeout + ")");
        }
        return new Result(process.exitValue(), Files.readString(output));
    }

    /** The last lines of node {@code node}'s log, for a failure's message. */
    String nodeLogTail(int node) {
        try {
            List<String> lines = Files.readAllLines(state.resolve("node" + node).resolve("node.log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        }
        catch (IOException ex) {
            return "(no log of node " + node + ")";
        }
    }

    /** Stops whatever runs; keeps nothing but the logs. */
    void stopAndClean() throws IOException, InterruptedException {
        run(Duration.ofMinutes(2), "stop");
        deleteTree(state.resolve("pg").resolve("data"));
        for (int node = 1; node <= 3; node++) {
            deleteTree(state.resolve("node" + node).resolve("data"));
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /** A base port with it and the nine above it free (nginx, nodes 1-3, PostgreSQL at +9). */
    private static int freePorts() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(20000, 40000);
            if (allFree(base)) {
                return base;
            }
        }
        throw new IOException("no free range of 10 ports found in 20000-40000");
    }

    private static boolean allFree(int base) {
        for (int port = base; port <= base + 9; port++) {
            try (ServerSocket socket = new ServerSocket(port)) {
                socket.setReuseAddress(true);
            }
            catch (IOException ex) {
                return false;
            }
        }
        return true;
    }

    record Result(int exit, String output) {
    }
}
