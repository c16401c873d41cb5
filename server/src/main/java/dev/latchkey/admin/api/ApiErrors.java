package dev.latchkey.admin.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import dev.latchkey.admin.AdministrationRefusedException;
import dev.latchkey.client.ApplicationExistsException;
import dev.latchkey.client.FieldProblem;
import dev.latchkey.client.InvalidApplicationException;
import dev.latchkey.user.InvalidUserException;
import dev.latchkey.user.UsernameTakenException;

/**
 * The management API's refusals, in the shape of OAuth error responses ({@code error},
 * {@code error_description}) plus {@code problems}: one entry per invalid field, as RFC 7591 §3.2.2
 * reports invalid client metadata.
 */
@RestControllerAdvice(basePackageClasses = ApiErrors.class)
class ApiErrors {

    @ExceptionHandler
    ResponseEntity<Map<String, Object>> invalidApplication(InvalidApplicationException ex) {
        return problems(HttpStatus.BAD_REQUEST, "invalid_client_metadata",
                ex.problems().stream().map(ApplicationJson::renameField).toList());
    }

    @ExceptionHandler
    ResponseEntity<Map<String, Object>> invalidRequest(InvalidRequestException ex) {
        return problems(HttpStatus.BAD_REQUEST, ex.error(), ex.problems());
    }

    @ExceptionHandler
    ResponseEntity<Map<String, Object>> invalidUser(InvalidUserException ex) {
        return problems(HttpStatus.BAD_REQUEST, "invalid_request", ex.problems()
            .entrySet()
            .stream()
            .map(problem -> new FieldProblem(problem.getKey(), problem.getValue()))
            .toList());
    }

    @ExceptionHandler
    ResponseEntity<Map<String, Object>> unreadable(HttpMessageNotReadableException ex) {
        return error(HttpStatus.BAD_REQUEST, "invalid_request", "the body must be a JSON object");
    }

    @ExceptionHandler
    ResponseEntity<Map<String, Object>> unsupportedMediaType(HttpMediaTypeNotSupportedException ex) {
        return error(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "invalid_request", "send the body as application/json");
    }

    @ExceptionHandler
    ResponseEntity<Map<String, Object>> notFound(NotFoundException ex) {
        return error(HttpStatus.NOT_FOUND, "not_found", ex.getMessage());
    }

    @ExceptionHandler
    ResponseEntity<Map<String, Object>> applicationExists(ApplicationExistsException ex) {
        return error(HttpStatus.CONFLICT, "conflict", ex.getMessage());
    }

    @ExceptionHandler
    ResponseEntity<Map<String, Object>> usernameTaken(UsernameTakenException ex) {
        return error(HttpStatus.CONFLICT, "conflict", ex.getMessage());
    }

    @ExceptionHandler
    ResponseEntity<Map<String, Object>> refused(AdministrationRefusedException ex) {
        return error(HttpStatus.CONFLICT, "conflict", ex.getMessage());
    }

    private static ResponseEntity<Map<String, Object>> problems(HttpStatus status, String error,
            List<FieldProblem> problems) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("error_description", problems.size() == 1 ? problems.get(0).toString()
                : problems.size() + " problems: see problems");
        body.put("problems", problems.stream().map(problem -> Map.of("field", problem.field(), "message",
                problem.message())).toList());
        return ResponseEntity.status(status).body(body);
    }

    private static ResponseEntity<Map<String, Object>> error(HttpStatus status, String error, String description) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("error_description", description);
        return ResponseEntity.status(status).body(body);
    }
}
