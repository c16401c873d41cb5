package dev.latchkey.client;

import java.util.List;
import java.util.stream.Collectors;

/** An application that cannot be saved; {@link #problems()} lists every invalid field. */
public class InvalidApplicationException extends RuntimeException {

    private final List<FieldProblem> problems;

    public InvalidApplicationException(List<FieldProblem> problems) {
        super(problems.stream().map(FieldProblem::toString).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    public List<FieldProblem> problems() {
        return problems;
    }
}
