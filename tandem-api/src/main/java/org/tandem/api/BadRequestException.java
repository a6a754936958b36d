package org.tandem.api;

/** The request is well-formed but cannot be done as asked (400 badRequest), e.g. resize to the same flavor. */
public final class BadRequestException extends ApiException {
    public BadRequestException(String message) {
        super(400, message);
    }
}
