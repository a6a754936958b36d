package org.tandem.rpc.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import org.tandem.rpc.MessagingException;
import org.tandem.version.InvalidVersionException;
import org.tandem.version.Version;

/**
 * The oslo message envelope 2.0: {@code {"oslo.version": "2.0", "oslo.message": "<inner JSON>"}}
 * (the inner dict is JSON-encoded a second time). A dict with neither key is a pre-envelope
 * message and is taken as is.
 */
public final class Envelope {
    public static final String VERSION_KEY = "oslo.version";
    public static final String MESSAGE_KEY = "oslo.message";

    /** Envelope version 2.0, unchanged since before Juno. */
    public static final Version ENVELOPE_VERSION = Version.of(2, 0);

    private Envelope() {
    }

    /** The envelope JSON text of an inner dict. */
    public static String wrap(Map<String, Object> inner) {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put(VERSION_KEY, ENVELOPE_VERSION.toString());
        env.put(MESSAGE_KEY, Json.encode(inner));
        return Json.encode(env);
    }

    /** The inner dict of received envelope JSON text. */
    public static Map<String, Object> unwrap(String text) {
        Map<String, Object> outer = Json.decodeObject(text, "message body");
        if (!outer.containsKey(VERSION_KEY) && !outer.containsKey(MESSAGE_KEY)) {
            return outer;
        }
        Object v = outer.get(VERSION_KEY);
        boolean ok;
        try {
            ok = v instanceof String s && ENVELOPE_VERSION.canServe(Version.parse(s));
        } catch (InvalidVersionException e) {
            ok = false;
        }
        if (!ok) {
            throw new MessagingException("Specified RPC envelope version, " + v + ", not supported by this endpoint.");
        }
        if (!(outer.get(MESSAGE_KEY) instanceof String inner)) {
            throw new MessagingException("envelope has no '" + MESSAGE_KEY + "' string");
        }
        return Json.decodeObject(inner, "oslo.message");
    }
}
