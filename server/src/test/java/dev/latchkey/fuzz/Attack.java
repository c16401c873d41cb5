package dev.latchkey.fuzz;

import java.util.List;

/**
 * What one try does: one to three {@link Mutation}s, applied to the request each endpoint group starts from;
 * {@code variant} picks that request within its group (and which altered token it carries).
 */
record Attack(int variant, List<Mutation> mutations) {

    HostileRequest against(Target target, FuzzWorld world) {
        HostileRequest request = target.build(world, variant);
        mutations.forEach(mutation -> mutation.apply(request, target, world, variant));
        return request;
    }
}
