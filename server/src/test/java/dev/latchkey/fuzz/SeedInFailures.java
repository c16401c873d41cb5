package dev.latchkey.fuzz;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * Puts the seed of a failed property in its failure message, where the build's console shows it (jqwik's own
 * report goes to standard output, which the build keeps in a file), with how to run the same tries again.
 */
public class SeedInFailures implements AroundPropertyHook {

    /** Registered on a container, it applies to the properties inside. */
    @Override
    public PropagationMode propagateTo() {
        return PropagationMode.ALL_DESCENDANTS;
    }

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        PropertyExecutionResult result = property.execute();
        if (result.status() != PropertyExecutionResult.Status.FAILED) {
            return result;
        }
        String seed = result.seed().orElse("unknown");
        Throwable failure = result.throwable().orElse(null);
        return result.mapToFailed(new AssertionError("Seed " + seed + " (to repeat these tries: @Property(seed = \""
                + seed + "\")). " + (failure == null ? "" : failure.getMessage()), failure));
    }
}
