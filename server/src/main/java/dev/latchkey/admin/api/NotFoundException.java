package dev.latchkey.admin.api;

/** An id in the path that names nothing: 404. */
class NotFoundException extends RuntimeException {

    NotFoundException(String message) {
        super(message);
    }
}
