package dev.latchkey.admin.api;

import java.util.List;

import dev.latchkey.client.FieldProblem;

/** A request body or parameter the API cannot accept: 400 listing each field's problem. */
class InvalidRequestException extends RuntimeException {

    private final String error;

    private final List<FieldProblem> problems;

    InvalidRequestException(String error, List<FieldProblem> problems) {
        super(problems.size() == 1 ? problems.get(0).toString() : problems.size() + " fields are invalid");
        this.error = error;
        this.problems = List.copyOf(problems);
    }

    InvalidRequestException(FieldProblem problem) {
        this("invalid_request", List.of(problem));
    }

    String error() {
        return error;
    }

    List<FieldProblem> problems() {
        return problems;
    }
}
