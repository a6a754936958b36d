package org.tandem.rpc;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tandem.rpc.internal.Json;

/**
 * The oslo {@code failure} of a call reply, a JSON string of {@code class}, {@code module},
 * {@code message}, {@code tb} (traceback lines), {@code args} and {@code kwargs}.
 */
public record RemoteFailure(String className, String module, String message, List<String> traceback,
        List<Object> args, Map<String, Object> kwargs) {

    private static final String REMOTE_SUFFIX = "_Remote";

    public RemoteFailure {
        traceback = traceback == null ? List.of() : List.copyOf(traceback);
        args = args == null ? List.of() : java.util.Collections.unmodifiableList(new ArrayList<>(args));
        kwargs = kwargs == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(kwargs));
    }

    /**
     * Describes a Java exception: {@link WireException}s by their wire identity, others with their
     * Java package as module; a {@code _Remote} suffix on both names is stripped.
     */
    public static RemoteFailure of(Throwable error) {
        String cls;
        String mod;
        List<Object> args;
        Map<String, Object> kwargs;
        if (error instanceof WireException wire) {
            cls = wire.wireClass();
            mod = wire.wireModule();
            args = wire.wireArgs();
            kwargs = wire.wireKwargs();
        } else {
            cls = error.getClass().getSimpleName();
            mod = error.getClass().getPackageName();
            args = error.getMessage() == null ? List.of() : List.of(error.getMessage());
            kwargs = Map.of();
        }
        if (cls.endsWith(REMOTE_SUFFIX) && mod.endsWith(REMOTE_SUFFIX)) {
            cls = cls.substring(0, cls.length() - REMOTE_SUFFIX.length());
            mod = mod.substring(0, mod.length() - REMOTE_SUFFIX.length());
        }
        String message = error.getMessage() == null ? "" : error.getMessage();
        return new RemoteFailure(cls, mod, message, traceLines(error), args, kwargs);
    }

    private static List<String> traceLines(Throwable error) {
        StringWriter out = new StringWriter();
        error.printStackTrace(new PrintWriter(out));
        List<String> lines = new ArrayList<>();
        for (String line : out.toString().split("\n")) {
            lines.add(line.replace("\r", "") + "\n");
        }
        return lines;
    }

    /** The failure JSON string as sent in a reply. */
    public String toJson() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("class", className);
        data.put("module", module);
        data.put("message", message);
        data.put("tb", new ArrayList<>(traceback));
        data.put("args", jsonSafe(args));
        data.put("kwargs", jsonSafe(kwargs));
        return Json.encode(data);
    }

    @SuppressWarnings("unchecked")
    private static <T> T jsonSafe(T value) {
        try {
            Json.checkJsonCompatible(value, "$");
            return value;
        } catch (MessagingException e) {
            // Arguments that JSON cannot carry are sent as their text, as a failure must always go out.
            if (value instanceof Map<?, ?> map) {
                Map<String, Object> copy = new LinkedHashMap<>();
                map.forEach((k, v) -> copy.put(String.valueOf(k), safeScalar(v)));
                return (T) copy;
            }
            List<Object> copy = new ArrayList<>();
            ((List<?>) value).forEach(v -> copy.add(safeScalar(v)));
            return (T) copy;
        }
    }

    private static Object safeScalar(Object v) {
        try {
            Json.checkJsonCompatible(v, "$");
            return v;
        } catch (MessagingException e) {
            return String.valueOf(v);
        }
    }

    /** Parses a received failure string; malformed ones become a failure describing the problem. */
    @SuppressWarnings("unchecked")
    public static RemoteFailure parse(String json) {
        Map<String, Object> data;
        try {
            data = Json.decodeObject(json, "failure");
        } catch (MessagingException e) {
            return new RemoteFailure("MalformedFailure", "tandem.rpc", "unreadable failure from server: " + json,
                    List.of(), List.of(), Map.of());
        }
        List<String> tb = new ArrayList<>();
        if (data.get("tb") instanceof List<?> list) {
            list.forEach(l -> tb.add(String.valueOf(l)));
        }
        return new RemoteFailure(String.valueOf(data.get("class")), String.valueOf(data.get("module")),
                data.get("message") == null ? "" : String.valueOf(data.get("message")), tb,
                data.get("args") instanceof List<?> a ? (List<Object>) a : List.of(),
                data.get("kwargs") instanceof Map<?, ?> k ? (Map<String, Object>) k : Map.of());
    }
}
