package dev.latchkey.doctor;

/**
 * One risky setting the doctor found.
 *
 * @param check the check's name ({@code issuer-not-https}, ...), stable for scripts
 * @param severity how much it matters
 * @param problem what is set and why it is risky, naming the setting or the application
 * @param fix what to change, and where
 */
public record Finding(String check, Severity severity, String problem, String fix) {
}
