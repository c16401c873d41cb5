package dev.latchkey.user;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.management.ObjectName;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the JVM's JIT compilers, once per JVM, to always inline BouncyCastle's Argon2 round functions into
 * their callers. Left to its heuristics, C2 sometimes compiles the round function's small methods on their
 * own before the loop that calls them, and then does not inline them there: every login then costs about
 * twice the CPU (W5 in docs/benchmarks.md: 59–67 ms against 31–32 ms per login after the same workloads).
 * Which way it goes depends on what the JVM compiled before, so it differs from run to run.
 * <p>
 * The request is a compiler directive added through the JVM's own diagnostic command MBean (what
 * {@code jcmd <pid> Compiler.directives_add} does), so it holds for {@code java -jar} without extra flags. If
 * the JVM refuses it, hashing is unchanged, only possibly slower; that is logged, not fatal.
 */
final class Argon2Inlining {

    private static final Logger log = LoggerFactory.getLogger(Argon2Inlining.class);

    static final String GENERATOR_METHODS = "org/bouncycastle/crypto/generators/Argon2BytesGenerator*.*";

    private static final String DIRECTIVES = "[{\"match\": \"" + GENERATOR_METHODS + "\", \"inline\": \"+"
            + GENERATOR_METHODS + "\"}]";

    private Argon2Inlining() {
    }

    /** Adds the directive the first time it is called in this JVM; later calls do nothing. */
    static boolean request() {
        return Once.ADDED;
    }

    private static final class Once {

        static final boolean ADDED = addDirective();

    }

    private static boolean addDirective() {
        Path file = null;
        try {
            file = Files.createTempFile("latchkey-argon2-inlining", ".json");
            Files.writeString(file, DIRECTIVES);
            Object answer = ManagementFactory.getPlatformMBeanServer()
                .invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerDirectivesAdd",
                        new Object[] { new String[] { file.toString() } }, new String[] { String[].class.getName() });
            boolean added = String.valueOf(answer).startsWith("1 compiler directives added");
            if (!added) {
                log.info("The JVM did not take the Argon2 inlining directive ({}); logins may cost more CPU",
                        String.valueOf(answer).strip());
            }
            return added;
        }
        catch (Exception | LinkageError ex) {
            log.info("Could not ask the JVM to inline the Argon2 hash ({}); logins may cost more CPU", ex.toString());
            return false;
        }
        finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                }
                catch (Exception ex) {
                    log.debug("Could not delete {}", file, ex);
                }
            }
        }
    }

}
