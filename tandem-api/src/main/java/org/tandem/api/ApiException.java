package org.tandem.api;

/**
 * A client-visible failure: the HTTP status and the message Nova would send, rendered as
 * {@code {"<faultName>": {"code": <status>, "message": "<message>"}}}. Subclasses name the cases
 * {@link ComputeActions} implementations throw.
 */
public class ApiException extends RuntimeException {
    private final int status;

    public ApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    /** Nova's fault name for the status ({@code computeFault} for anything unnamed, 406 included). */
    public String faultName() {
        return faultName(status);
    }

    public static String faultName(int status) {
        return switch (status) {
            case 400 -> "badRequest";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "itemNotFound";
            case 405 -> "badMethod";
            case 409 -> "conflictingRequest";
            case 413, 429 -> "overLimit";
            case 415 -> "badMediaType";
            case 501 -> "notImplemented";
            case 503 -> "serviceUnavailable";
            default -> "computeFault";
        };
    }

    /** 400 badRequest with the given message. */
    public static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }

    /** 404 itemNotFound with the given message. */
    public static ApiException notFound(String message) {
        return new ApiException(404, message);
    }

    /** 409 conflictingRequest with the given message. */
    public static ApiException conflict(String message) {
        return new ApiException(409, message);
    }

    /** 403 forbidden with the given message. */
    public static ApiException forbidden(String message) {
        return new ApiException(403, message);
    }
}
