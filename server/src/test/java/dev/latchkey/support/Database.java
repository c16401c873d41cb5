package dev.latchkey.support;

/** The databases every storage and flow test runs on: the embedded default and production's. */
public enum Database {
    H2, POSTGRES
}
