package dev.latchkey.guard;

/** What a brute-force guard counts failures of. */
public enum GuardedKind {

    /** Sign-ins with one account name, whether or not an account has it. */
    ACCOUNT,

    /** Sign-ins from one client address. */
    ADDRESS,

    /** Client authentications of one application with a wrong secret. */
    CLIENT
}
