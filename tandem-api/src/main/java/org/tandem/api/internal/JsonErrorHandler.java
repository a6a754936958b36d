package org.tandem.api.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.tandem.api.ApiException;

/**
 * Jetty's own refusals (a request line or headers too long, a malformed request) in Nova's fault
 * format instead of Jetty's HTML page; the API never reaches the pipeline for these.
 */
public final class JsonErrorHandler extends ErrorHandler {
    static byte[] body(int status, String reason) {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("code", status);
        inner.put("message", reason == null || reason.isBlank() ? "The request could not be read (HTTP " + status + ")."
                : reason + ".");
        return Json.write(Map.of(ApiException.faultName(status), inner)).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        // the rest of a refused request is not read: the connection must not be reused
        fields.put(HttpHeader.CONNECTION, "close");
        return ByteBuffer.wrap(body(status, reason));
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
            Callback callback) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(body(code, message)), callback);
    }
}
