package dev.latchkey.doctor;

import java.util.Locale;

/** How much a finding matters: a severe one makes {@code doctor} exit with status 2. */
public enum Severity {

    /** Unsafe in production as it stands: fix before serving real users. */
    SEVERE,

    /** Safe only under conditions the doctor cannot see: read the fix and decide. */
    WARNING;

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}
