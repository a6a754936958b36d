package org.tandem.rpc.amqp.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tandem.rpc.MessagingException;

/**
 * The oslo.messaging RPC envelope: {@code {"oslo.version": "2.0", "oslo.message": "<JSON string>"}},
 * with the inner dict encoded twice.
 */
public final class Envelope {

    public static final String VERSION_KEY = "oslo.version";
    public static final String MESSAGE_KEY = "oslo.message";
    /**
     * Envelope version written and the newest understood.
     * History: 2.0 — the only version since before Juno (oslo.messaging 1.x through 14.x).
     */
    public static final String VERSION = "2.0";
    private static final int MAJOR = 2;
    private static final int MINOR = 0;

    public static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {
    };

    private Envelope() {
    }

    /** Encodes a message dict inside a 2.0 envelope as UTF-8 JSON bytes. */
    public static byte[] wrap(Map<String, Object> message) {
        try {
            Map<String, Object> envelope = new LinkedHashMap<>();
            envelope.put(VERSION_KEY, VERSION);
            envelope.put(MESSAGE_KEY, JSON.writeValueAsString(message));
            return JSON.writeValueAsBytes(envelope);
        } catch (JsonProcessingException e) {
            throw new MessagingException("message cannot be encoded as JSON (" + e.getOriginalMessage()
                    + "); values must be String, Number, Boolean, null, Map or List", e);
        }
    }

    /**
     * Decodes a body: a 2.0-compatible envelope, or a bare dict without both envelope keys
     * (pre-envelope form).
     */
    public static Map<String, Object> unwrap(byte[] body) throws MalformedMessageException {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new MalformedMessageException("body is not valid JSON (" + firstLine(e.getMessage()) + ")", null,
                    "MessagingException");
        }
        if (root == null || !root.isObject()) {
            throw new MalformedMessageException("body is JSON " + (root == null ? "with no value"
                    : root.getNodeType().toString().toLowerCase()) + ", not an object", null, "MessagingException");
        }
        Map<String, Object> outer = JSON.convertValue(root, MAP);
        if (!(outer.containsKey(VERSION_KEY) && outer.containsKey(MESSAGE_KEY))) {
            return outer;
        }
        Object version = outer.get(VERSION_KEY);
        Object inner = outer.get(MESSAGE_KEY);
        Map<String, Object> decoded = null;
        String innerProblem = null;
        if (inner instanceof String s) {
            try {
                JsonNode node = JSON.readTree(s);
                if (node != null && node.isObject()) {
                    decoded = JSON.convertValue(node, MAP);
                } else {
                    innerProblem = "the oslo.message string is not a JSON object";
                }
            } catch (IOException e) {
                innerProblem = "the oslo.message string is not valid JSON (" + firstLine(e.getMessage()) + ")";
            }
        } else {
            innerProblem = "oslo.message is " + (inner == null ? "null" : "not a string");
        }
        if (!isCompatible(version)) {
            throw new MalformedMessageException("unsupported envelope version " + version + " (this endpoint reads "
                    + VERSION + ")", decoded, "UnsupportedRpcEnvelopeVersion");
        }
        if (innerProblem != null) {
            throw new MalformedMessageException(innerProblem, null, "MessagingException");
        }
        return decoded;
    }

    /** Same major version and a minor no newer than ours. */
    static boolean isCompatible(Object version) {
        if (!(version instanceof String s)) {
            return false;
        }
        String[] parts = s.split("\\.");
        if (parts.length < 2 || parts.length > 3) {
            return false;
        }
        try {
            int major = Integer.parseInt(parts[0]);
            int minor = Integer.parseInt(parts[1]);
            return major == MAJOR && minor <= MINOR;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * The oslo failure JSON string for an error raised by the driver itself.
     */
    public static String failure(String className, String module, String message) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("class", className);
        f.put("module", module);
        f.put("message", message);
        f.put("tb", List.of());
        f.put("args", List.of(message));
        f.put("kwargs", Map.of());
        try {
            return JSON.writeValueAsString(f);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
