package dev.latchkey.doctor;

import java.util.List;

/** Demo mode: a user and two applications whose credentials were printed, and a SPA on a made-up origin. */
final class DemoModeCheck implements Check {

    @Override
    public List<Finding> examine(Deployment deployment) {
        if (!deployment.demo()) {
            return List.of();
        }
        return List.of(new Finding("demo-mode", Severity.SEVERE, "demo mode is on (latchkey.demo, set by the demo "
                + "profile): it provisions the user alice and the applications my-sexy-spa and demo-backend, whose "
                + "credentials were printed", "start without the demo profile (latchkey.demo=false) and delete alice, "
                        + "my-sexy-spa and demo-backend in the console"));
    }
}
