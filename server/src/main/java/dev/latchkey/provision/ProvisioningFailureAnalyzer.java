package dev.latchkey.provision;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a provisioning error into Boot's short "APPLICATION FAILED TO START" report instead of a stack trace. */
public class ProvisioningFailureAnalyzer extends AbstractFailureAnalyzer<ProvisioningException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ProvisioningException cause) {
        return new FailureAnalysis("Latchkey could not apply its provisioning configuration: " + cause.getMessage(),
                "Correct the latchkey.provision entry named above (configuration file or environment variable) and "
                        + "start again. Nothing was changed for that entry.",
                cause);
    }
}
