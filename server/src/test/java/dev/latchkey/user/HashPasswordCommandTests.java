package dev.latchkey.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatNoException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/**
 * {@code hash-password} makes a hash that verifies the password and that provisioning accepts; hashes made
 * elsewhere are accepted only in Latchkey's form and at least as strong as its own.
 */
class HashPasswordCommandTests {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void printsAnArgon2idHashOfTheFirstLineThatVerifiesAndIsAccepted() {
        int exit = run("correct horse battery staple\nsecond line is not part of it\n");

        String hash = out.toString(StandardCharsets.UTF_8).strip();
        assertThat(exit).isZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").doesNotContain("correct horse");
        Argon2PasswordEncoder verifier = Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8();
        assertThat(verifier.matches("correct horse battery staple", hash)).isTrue();
        assertThat(verifier.matches("correct horse battery staple\nsecond line is not part of it", hash)).isFalse();
        assertThatNoException().isThrownBy(() -> Passwords.requireAcceptableHash("alice", hash));
    }

    @Test
    void refusesAShortOrMissingPasswordAndPrintsNoHash() {
        assertThat(run("short\n")).isEqualTo(2);
        assertThat(run("")).isEqualTo(2);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("at least 8 characters").doesNotContain("short");
    }

    @ParameterizedTest
    @ValueSource(strings = { "not a hash", "$2a$10$abcdefghijklmnopqrstuuq9b1XSL0Kk5h6zmEXMV3aTHEqJzJZZe",
            "$argon2i$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            "$argon2id$v=16$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA extra" })
    void refusesWhatIsNotAnArgon2idHashInLatchkeysForm(String hash) {
        assertThatThrownBy(() -> Passwords.requireAcceptableHash("alice", hash)).isInstanceOf(InvalidUserException.class)
            .hasMessageContaining("password-hash of 'alice' must be an Argon2id hash");
    }

    @ParameterizedTest
    @ValueSource(strings = { "$argon2id$v=19$m=4096,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            "$argon2id$v=19$m=19456,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" })
    void refusesAHashWeakerThanLatchkeysOwn(String hash) {
        assertThatThrownBy(() -> Passwords.requireAcceptableHash("alice", hash)).isInstanceOf(InvalidUserException.class)
            .hasMessageContaining("weaker than Latchkey's own");
    }

    @Test
    void refusesATooShortSaltOrHash() {
        String shortSalt = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        String shortHash = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$AAAAAAAA";
        for (String hash : new String[] { shortSalt, shortHash }) {
            assertThatThrownBy(() -> Passwords.requireAcceptableHash("alice", hash))
                .isInstanceOf(InvalidUserException.class)
                .hasMessageContaining("salt of at least 8 bytes and a hash of at least 16");
        }
    }

    private int run(String input) {
        return HashPasswordCommand.run(null, new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }
}
