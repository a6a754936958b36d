package org.tandem.api.internal;

/** What a handler answers: a status and a JSON body (null for none). */
public record ApiResponse(int status, Object body) {
    public static ApiResponse ok(Object body) {
        return new ApiResponse(200, body);
    }

    public static ApiResponse accepted() {
        return new ApiResponse(202, null);
    }

    public static ApiResponse noContent() {
        return new ApiResponse(204, null);
    }
}
