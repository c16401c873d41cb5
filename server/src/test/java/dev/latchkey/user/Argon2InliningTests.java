package dev.latchkey.user;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.management.ObjectName;

import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Hashing with the password encoder leaves the JVM with one directive to inline the Argon2 generator's
 * methods (read back from the JVM, as {@code jcmd <pid> Compiler.directives_print} shows it), however many
 * encoders hash how often, and the hashes still verify.
 */
class Argon2InliningTests {

    @Test
    void hashingLeavesExactlyOneArgon2InliningDirectiveInTheJvm() throws Exception {
        PasswordEncoder first = Passwords.encoder();
        PasswordEncoder second = Passwords.encoder();

        String hash = first.encode("correct horse battery staple");
        assertThat(second.matches("correct horse battery staple", hash)).isTrue();
        assertThat(first.matches("correct horse battery stapler", hash)).isFalse();

        String directives = compilerDirectives();
        assertThat(occurrences(directives, "matching: " + Argon2Inlining.GENERATOR_METHODS)).isEqualTo(1);
        // Both compilers are told to inline the generator's own methods wherever they are called.
        assertThat(occurrences(directives, "inline: +" + Argon2Inlining.GENERATOR_METHODS)).isEqualTo(2);
        assertThat(Argon2Inlining.request()).isTrue();
    }

    private static String compilerDirectives() throws Exception {
        return String.valueOf(ManagementFactory.getPlatformMBeanServer()
            .invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerDirectivesPrint",
                    new Object[] { new String[0] }, new String[] { String[].class.getName() }));
    }

    private static int occurrences(String text, String literal) {
        Matcher matcher = Pattern.compile(Pattern.quote(literal)).matcher(text);
        int count = 0;
        while (matcher.find()) {
            count++;
        }
        return count;
    }

}
