package org.tandem.rpc.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import java.nio.charset.StandardCharsets;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tandem.rpc.MessagingException;

/**
 * The oslo.messaging RPC envelope 2.0: {@code {"oslo.version": "2.0", "oslo.message": "<JSON string>"}},
 * the inner dict encoded twice. Written byte for byte as oslo.messaging writes it (Python's
 * {@code json.dumps} defaults), so every transport (AMQP and memory) puts the same bytes on the wire.
 * A received dict without both envelope keys is a pre-envelope message and is taken as is.
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
    private static final String UNSUPPORTED_VERSION = "UnsupportedRpcEnvelopeVersion";

    public static final ObjectMapper JSON = new ObjectMapper();
    /**
     * Writes JSON exactly as Python's {@code json.dumps} defaults do (what oslo.messaging sends):
     * {@code ": "} and {@code ", "} separators and non-ASCII characters escaped as {@code \\uXXXX}.
     */
    private static final ObjectMapper PYTHON_MAPPER = pythonMapper();
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {
    };

    private Envelope() {
    }

    /**
     * Encodes a message dict inside a 2.0 envelope as (ASCII) JSON bytes, in one pass over the dict
     * ({@link EnvelopeWriter}); values it does not take go through Jackson ({@link #encodeViaJackson}).
     */
    public static byte[] encode(Map<String, Object> message) {
        byte[] body = EnvelopeWriter.envelope(message);
        return body != null ? body : encodeViaJackson(message);
    }

    /** The Jackson path of {@link #encode}: compact JSON, then {@link #pythonEnvelope} (the reference). */
    static byte[] encodeViaJackson(Map<String, Object> message) {
        byte[] compact;
        try {
            compact = COMPACT.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            throw new MessagingException("message cannot be encoded as JSON (" + e.getOriginalMessage()
                    + "); values must be String, Number, Boolean, null, Map or List", e);
        }
        return pythonEnvelope(compact);
    }

    /**
     * The inner dict of a received body, for transports with no dead-letter path of their own (the
     * memory transport); a bad envelope is a {@link MessagingException} whose message is oslo's own
     * text for an unsupported version.
     */
    public static Map<String, Object> unwrap(byte[] body) {
        try {
            return decode(body);
        } catch (MalformedMessageException e) {
            if (UNSUPPORTED_VERSION.equals(e.failureClass())) {
                throw new MessagingException("Specified RPC envelope version, " + e.version()
                        + ", not supported by this endpoint.");
            }
            throw new MessagingException(e.getMessage());
        }
    }

    /**
     * One pass over Jackson's compact, ASCII-only output (non-ASCII already escaped as
     * {@code \\uXXXX}) that yields what {@code json.dumps} gives for the envelope of
     * {@code json.dumps(message)}: separators get their space, {@code \\uXXXX} escapes become
     * lowercase, DEL is escaped, and the whole inner text is escaped once more as the
     * {@code oslo.message} string. Avoids a second generator and Jackson's slow custom-escape path.
     */
    static byte[] pythonEnvelope(byte[] compact) {
        int n = compact.length;
        // Every input byte becomes at most two (a \\uXXXX escape: 6 -> 7); only DEL grows more (checked).
        byte[] out = new byte[WRAP_HEAD.length + 2 * n + 16];
        System.arraycopy(WRAP_HEAD, 0, out, 0, WRAP_HEAD.length);
        int pos = WRAP_HEAD.length;
        int i = 0;
        while (i < n) {
            // outside a string: structure, digits, true/false/null; separators get their space
            byte c = compact[i++];
            if (c == ':' || c == ',') {
                out[pos++] = c;
                out[pos++] = ' ';
                continue;
            }
            if (c != '"') {
                out[pos++] = c;
                continue;
            }
            out[pos++] = '\\';
            out[pos++] = '"';
            // inside a string: copy runs of plain characters at once
            while (true) {
                int run = i;
                while (i < n && PLAIN[compact[i] & 0x7f] && compact[i] >= 0) {
                    i++;
                }
                if (i > run) {
                    System.arraycopy(compact, run, out, pos, i - run);
                    pos += i - run;
                }
                c = compact[i++];
                if (c == '"') {
                    out[pos++] = '\\';
                    out[pos++] = '"';
                    break;
                }
                if (c == '\\') {
                    byte d = compact[i++];
                    out[pos++] = '\\'; // the inner backslash, escaped for the outer string
                    out[pos++] = '\\';
                    if (d == 'u') {
                        out[pos++] = 'u';
                        for (int k = 0; k < 4; k++) {
                            byte h = compact[i++];
                            out[pos++] = h >= 'A' && h <= 'F' ? (byte) (h + ('a' - 'A')) : h;
                        }
                    } else if (d == '"' || d == '\\') {
                        out[pos++] = '\\';
                        out[pos++] = d;
                    } else {
                        out[pos++] = d; // n, t, r, b, f
                    }
                } else {
                    // only DEL gets here: the compact text has escaped every other character
                    if (out.length - pos < 7 + 2 * (n - i) + 2) {
                        out = java.util.Arrays.copyOf(out, out.length + 7 * (n - i) + 16);
                    }
                    int u = c & 0xff;
                    out[pos++] = '\\';
                    out[pos++] = '\\';
                    out[pos++] = 'u';
                    out[pos++] = '0';
                    out[pos++] = '0';
                    out[pos++] = (byte) HEX[(u >> 4) & 0xF];
                    out[pos++] = (byte) HEX[u & 0xF];
                }
            }
        }
        out[pos++] = '"';
        out[pos++] = '}';
        return pos == out.length ? out : java.util.Arrays.copyOf(out, pos);
    }

    /** Characters copied unchanged inside a string: space..~ except the quote and the backslash. */
    private static final boolean[] PLAIN = new boolean[128];

    static {
        for (int c = 0x20; c < 0x7f; c++) {
            PLAIN[c] = c != '"' && c != '\\';
        }
    }

    /** Compact JSON, every character outside ASCII escaped (so the envelope pass works on bytes). */
    private static final ObjectMapper COMPACT = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
            .enable(com.fasterxml.jackson.core.json.JsonWriteFeature.ESCAPE_NON_ASCII).build());
    private static final byte[] WRAP_HEAD = ("{\"" + VERSION_KEY + "\": \"" + VERSION + "\", \"" + MESSAGE_KEY + "\": \"")
            .getBytes(StandardCharsets.US_ASCII);
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /**
     * Decodes a body: a 2.0-compatible envelope, or a bare dict without both envelope keys
     * (pre-envelope form).
     */
    public static Map<String, Object> decode(byte[] body) throws MalformedMessageException {
        Map<String, Object> fast = fastUnwrap(body);
        if (fast != null) {
            return fast;
        }
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
                    + VERSION + ")", decoded, UNSUPPORTED_VERSION, version);
        }
        if (innerProblem != null) {
            throw new MalformedMessageException(innerProblem, null, "MessagingException");
        }
        return decoded;
    }

    /**
     * The common case in one pass per level (no tree, no conversion): a well-formed 2.0 envelope
     * holding an object. Null when anything is unusual; {@link #decode} then diagnoses it.
     */
    private static Map<String, Object> fastUnwrap(byte[] body) {
        Map<String, Object> onePass = onePassUnwrap(body);
        if (onePass != null) {
            return onePass;
        }
        try {
            Map<String, Object> outer = JSON.readValue(body, MAP);
            if (outer == null || outer.size() != 2 || !VERSION.equals(outer.get(VERSION_KEY))
                    || !(outer.get(MESSAGE_KEY) instanceof String inner)) {
                return null;
            }
            return JSON.readValue(inner, MAP);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Limits of the one-pass reader; beyond them Jackson (with its own limits) decides. */
    private static final int ONE_PASS_MAX_STRING = 1 << 24;
    private static final int ONE_PASS_MAX_NESTING = 400;

    /**
     * The common case without Jackson: {@code {"oslo.version": "2.0", "oslo.message": "..."}}, the
     * message string unescaped straight into bytes (noting where its strings' special bytes are, so
     * that a long string value is not read twice) and read into the dict in one pass each
     * ({@link org.tandem.objects.json.JsonInput}, strict, the values Jackson's untyped reading gives).
     * Null when anything is unusual; the Jackson path then reads (and diagnoses) it.
     */
    static Map<String, Object> onePassUnwrap(byte[] body) {
        try {
            org.tandem.objects.json.JsonInput outer = new org.tandem.objects.json.JsonInput(body, ONE_PASS_MAX_STRING,
                    ONE_PASS_MAX_NESTING);
            outer.beginObject();
            boolean version = false;
            org.tandem.objects.json.JsonInput in = null;
            boolean first = true;
            while (outer.nextMember(first)) {
                first = false;
                String key = outer.readName();
                if (key.equals(VERSION_KEY) && !version) {
                    if (!VERSION.equals(outer.readString())) {
                        return null;
                    }
                    version = true;
                } else if (key.equals(MESSAGE_KEY) && in == null) {
                    in = outer.readEmbeddedJson();
                } else {
                    return null;
                }
            }
            outer.expectEnd();
            if (!version || in == null) {
                return null;
            }
            if (in.peek() != '{') {
                return null;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> message = (Map<String, Object>) in.readTree();
            in.expectEnd();
            return message;
        } catch (RuntimeException e) {
            return null;
        }
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
            return python(f);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectMapper pythonMapper() {
        ObjectMapper m = new ObjectMapper();
        m.getFactory().setCharacterEscapes(new PythonEscapes());
        return m;
    }

    /** JSON text as Python's json.dumps writes it by default (pure ASCII). */
    static String python(Object value) throws JsonProcessingException {
        return PYTHON_MAPPER.writer(new PythonSeparators()).writeValueAsString(value);
    }

    /** Non-ASCII characters as lowercase {@code \\uXXXX} (UTF-16 units, as Python). */
    private static final class PythonEscapes extends CharacterEscapes {
        private static final long serialVersionUID = 1L;
        private final int[] ascii = asciiEscapes();

        private static int[] asciiEscapes() {
            int[] codes = standardAsciiEscapesForJSON();
            for (int i = 0; i < 0x20; i++) {
                if (codes[i] == ESCAPE_STANDARD) {
                    codes[i] = ESCAPE_CUSTOM; // written below in lowercase hex, as Python
                }
            }
            codes[0x7f] = ESCAPE_CUSTOM; // json.dumps escapes DEL too (only space..~ stay literal)
            return codes;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            if (ch < 0x20 || ch == 0x7f) {
                return new SerializedString(String.format("\\u%04x", ch));
            }
            if (ch < 0x80) {
                return null;
            }
            if (ch > 0xFFFF) {
                char[] pair = Character.toChars(ch);
                return new SerializedString(String.format("\\u%04x\\u%04x", (int) pair[0], (int) pair[1]));
            }
            return new SerializedString(String.format("\\u%04x", ch));
        }
    }

    /** Python's default item and key separators. */
    private static final class PythonSeparators extends MinimalPrettyPrinter {
        private static final long serialVersionUID = 1L;

        @Override
        public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw(": ");
        }

        @Override
        public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
            g.writeRaw(", ");
        }

        @Override
        public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw(", ");
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
