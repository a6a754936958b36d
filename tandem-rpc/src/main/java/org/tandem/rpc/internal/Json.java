package org.tandem.rpc.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.tandem.rpc.MessagingException;

/**
 * Strict JSON for message dicts: only String, Number, Boolean, null, {@code Map<String, ?>} and
 * {@code List<?>} are accepted, so nothing Java-specific leaks onto the wire unnoticed.
 */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Json() {
    }

    /** Encodes a JSON-compatible value, naming the path of the first value that is not. */
    public static String encode(Object value) {
        checkJsonCompatible(value, "$");
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new MessagingException("cannot encode message as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Decodes JSON text into Maps, Lists, Strings, Numbers, Booleans and nulls. */
    public static Object decode(String text) {
        try {
            return MAPPER.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            throw new MessagingException("received text is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Decodes a JSON object; anything else is refused with {@code what} in the message. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> decodeObject(String text, String what) {
        Object value = decode(text);
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new MessagingException(what + " must be a JSON object, got " + typeName(value));
    }

    /** Fails with the JSON path of the first value that is not JSON-compatible. */
    public static void checkJsonCompatible(Object value, String path) {
        if (!isJsonCompatible(value)) {
            checkWithPath(value, path); // builds the paths only to name the culprit
        }
    }

    private static boolean isJsonCompatible(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean) {
            return true;
        }
        if (value instanceof Number) {
            return !(value instanceof Double d && (d.isNaN() || d.isInfinite())
                    || value instanceof Float f && (f.isNaN() || f.isInfinite()));
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String) || !isJsonCompatible(e.getValue())) {
                    return false;
                }
            }
            return true;
        }
        if (value instanceof List<?> list) {
            for (Object item : list) {
                if (!isJsonCompatible(item)) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    private static void checkWithPath(Object value, String path) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Number) {
            if (value instanceof Double d && (d.isNaN() || d.isInfinite())
                    || value instanceof Float f && (f.isNaN() || f.isInfinite())) {
                throw new MessagingException("value at " + path + " is " + value + ", which JSON cannot carry");
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    throw new MessagingException("map at " + path + " has a non-string key " + e.getKey()
                            + " (" + typeName(e.getKey()) + "); JSON object keys must be strings");
                }
                checkWithPath(e.getValue(), path + "." + key);
            }
            return;
        }
        if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                checkWithPath(list.get(i), path + "[" + i + "]");
            }
            return;
        }
        throw new MessagingException("value at " + path + " is a " + value.getClass().getName()
                + ", which is not JSON-compatible; convert it to String/Number/Boolean/Map/List first "
                + "(for versioned objects use the object serializer)");
    }

    public static String typeName(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Map) {
            return "an object";
        }
        if (value instanceof List) {
            return "an array";
        }
        if (value instanceof String) {
            return "a string";
        }
        if (value instanceof Number) {
            return "a number";
        }
        if (value instanceof Boolean) {
            return "a boolean";
        }
        return "a " + value.getClass().getSimpleName();
    }
}
