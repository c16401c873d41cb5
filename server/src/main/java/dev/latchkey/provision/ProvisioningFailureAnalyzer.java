package dev.latchkey.provision;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a provisioning entry that cannot be applied as one line that names it, in Boot's short "APPLICATION
 * FAILED TO START" report instead of a stack trace.
 */
public class ProvisioningFailureAnalyzer extends AbstractFailureAnalyzer<ProvisioningException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ProvisioningException cause) {
        return new FailureAnalysis(cause.getMessage(), "Correct that latchkey.provision entry (in the configuration file "
                + "or the environment) and start again. Nothing was changed for it.", cause);
    }
}
